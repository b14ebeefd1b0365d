package io.thaw.deliver;

import io.thaw.glacier.FileSeal;
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
 * @param seal          the verified file's seal from its download (every byte hashed as the file was given it
 *                      with O_DIRECT, or as read back from it), or null: a folder delivery by rename of a file whose seal still matches needs
 *                      no read-back
 */
public record Delivery(String relativeName, long size, String treeHash, Instant lastModified,
                       String vault, String archiveId, String jobId, Fence fence, FileSeal seal) {

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

    public Delivery(String relativeName, long size, String treeHash, Instant lastModified, String vault,
                    String archiveId, String jobId, Fence fence) {
        this(relativeName, size, treeHash, lastModified, vault, archiveId, jobId, fence, null);
    }

    /** The same delivery of a file its download sealed ({@code seal} may be null: no seal). */
    public Delivery sealed(FileSeal seal) {
        return new Delivery(relativeName, size, treeHash, lastModified, vault, archiveId, jobId, fence, seal);
    }

    /**
     * The last word for a sealed file about to be renamed: unchanged since its download verified every byte
     * of it (checked by the caller against the seal), so only its size and the fence are asked.
     */
    public void confirmSealed(long bytes, boolean sealHolds, String where) throws IOException {
        if (!sealHolds) {
            throw new IOException("refusing to give " + where + " its final name " + relativeName + ": the file was"
                    + " changed, replaced or touched after the download of job " + jobId + " verified it (its inode,"
                    + " size or times differ from the seal) — nothing was delivered; the job is fetched again");
        }
        confirm(bytes, treeHash, where);
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
