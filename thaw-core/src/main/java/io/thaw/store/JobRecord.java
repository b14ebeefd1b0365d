package io.thaw.store;

import java.time.Instant;

/**
 * One Glacier job as thaw tracks it. Ids are opaque strings (Glacier's character set, any length).
 *
 * @param action          Glacier's Action: ArchiveRetrieval or InventoryRetrieval
 * @param byteRange       RetrievalByteRange as requested, or null for the whole archive
 * @param destination     destination URI the output goes to (file:, s3://, ftp://, sftp://)
 * @param name            requested output name (overrides description-derived names), or null
 * @param archiveTreeHash expected tree hash of the whole archive, once known
 * @param outputTreeHash  expected tree hash of the job output (the retrieved range), once known
 */
public record JobRecord(
        long id,
        String jobId,
        String vault,
        String account,
        String action,
        String archiveId,
        String tier,
        String format,
        String byteRange,
        String jobDescription,
        String requestFile,
        String destination,
        String name,
        JobState state,
        Long archiveSize,
        Long outputSize,
        String archiveTreeHash,
        String outputTreeHash,
        String archiveDescription,
        String deliveredTo,
        long bytesDone,
        String error,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Instant deliveredAt) {

    public boolean isInventory() {
        return "InventoryRetrieval".equals(action);
    }

    /** First 8 characters of an id, for log lines that must stay readable. */
    public static String shortId(String id) {
        return id == null ? "-" : id.length() <= 8 ? id : id.substring(0, 8);
    }
}
