package io.thaw.retire;

import java.time.Instant;

/**
 * One archive a retire looked at.
 *
 * @param destination where the job delivered (a configured name or URI), to read the copy back with
 * @param location    the delivered copy (a URI without credentials)
 * @param createdAt   the archive's CreationDate from the vault's newest inventory, null when unknown
 * @param state       DELETE (verified, to be deleted), KEEP, or DELETED
 * @param kind        why it is kept (see {@link Keep}), null otherwise
 */
public record RetireItem(String retireId, long seq, String archiveId, long size, String treeHash, String jobId,
                         String destination, String location, Instant deliveredAt, Instant createdAt, String state,
                         String kind, String reason, Instant verifiedAt, Instant deletedAt) {

    public static final String DELETE = "DELETE";
    public static final String KEEP = "KEEP";
    public static final String DELETED = "DELETED";

    /** Why an archive is kept. REVERIFY failures also keep every archive with the same content. */
    public enum Keep {
        /** thaw has no verified delivery of it (never retrieved, failed, still running, or a part only). */
        NOT_DELIVERED,
        /** Delivered as a copy of another archive's output: thaw never retrieved this archive itself. */
        COPY,
        /** The delivered copy is missing, differs, or cannot be read now. */
        REVERIFY,
        /** Delivered more recently than --min-age. */
        QUARANTINE,
        /** Another archive with the same content failed re-verification. */
        DUPLICATE,
        /** The vault's Vault Lock policy denies DeleteArchive. */
        LOCK,
        /** Beyond --max-deletes. */
        MAX_DELETES
    }
}
