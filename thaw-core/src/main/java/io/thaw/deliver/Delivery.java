package io.thaw.deliver;

import java.io.IOException;
import java.time.Instant;

/**
 * What is being delivered.
 *
 * @param relativeName  sanitised path relative to the destination root, '/'-separated, never absolute, no '..'
 * @param size          bytes in the verified file
 * @param treeHash      its verified SHA-256 tree hash (hex)
 * @param lastModified  original modification time from the archive description, or null
 * @param fence         asked last, just before the output takes its final name (the job's claim)
 */
public record Delivery(String relativeName, long size, String treeHash, Instant lastModified,
                       String vault, String archiveId, String jobId, Fence fence) {

    /** Whether this delivery may still commit; throws when it must not (e.g. the job's claim was lost). */
    @FunctionalInterface
    public interface Fence {
        Fence NONE = () -> { };

        void check() throws IOException;
    }

    public Delivery(String relativeName, long size, String treeHash, Instant lastModified, String vault,
                    String archiveId, String jobId) {
        this(relativeName, size, treeHash, lastModified, vault, archiveId, jobId, Fence.NONE);
    }

    /**
     * The last word before the output takes its final name, for every kind of destination: the bytes
     * actually being delivered ({@code bytes} long, tree hash {@code hash}, counted and hashed by the
     * destination as they were written or sent) must be the verified output, and the fence must pass.
     * A short, empty or changed file can so never get its final name, whatever happened upstream.
     */
    public void confirm(long bytes, String hash, String where) throws IOException {
        if (bytes != size || (treeHash != null && !treeHash.equalsIgnoreCase(hash))) {
            throw new IOException("refusing to give " + where + " its final name " + relativeName + ": the bytes"
                    + " written there are " + bytes + " bytes with tree hash " + hash + ", but the verified output of"
                    + " job " + jobId + " is " + size + " bytes with tree hash " + treeHash
                    + " — nothing was delivered; the job is fetched again");
        }
        fence.check();
    }
}
