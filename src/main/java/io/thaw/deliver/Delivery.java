package io.thaw.deliver;

import java.time.Instant;

/**
 * What is being delivered.
 *
 * @param relativeName  sanitised path relative to the destination root, '/'-separated, never absolute, no '..'
 * @param size          bytes in the verified file
 * @param treeHash      its verified SHA-256 tree hash (hex)
 * @param lastModified  original modification time from the archive description, or null
 */
public record Delivery(String relativeName, long size, String treeHash, Instant lastModified,
                       String vault, String archiveId, String jobId) {
}
