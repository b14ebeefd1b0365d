package io.thaw.glacier;

import java.time.Instant;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * What DescribeJob says about a job whose output is to be downloaded, refused with an operator's
 * message when there is nothing to download (unknown job, still running, failed).
 *
 * @param outputOffset where the output starts in the archive (the RetrievalByteRange start, else 0)
 * @param outputSize   bytes of the output: the retrieved range, the whole archive or the inventory
 * @param outputTreeHash the output's tree hash (SHA256TreeHash), null for inventories and unaligned ranges
 */
public record CompletedJob(String account, String vault, String jobId, String action, String archiveId,
                           Long archiveSize, long outputOffset, long outputSize, String archiveTreeHash,
                           String outputTreeHash, String byteRange, String format, String tier,
                           String jobDescription, Instant completedAt) {

    /** Why there is nothing to download; {@link #retryLater()} when waiting will fix it. */
    public static final class NotDownloadable extends RuntimeException {
        private final boolean retryLater;

        NotDownloadable(String message, boolean retryLater, Throwable cause) {
            super(message, cause);
            this.retryLater = retryLater;
        }

        public boolean retryLater() {
            return retryLater;
        }
    }

    public boolean isInventory() {
        return "InventoryRetrieval".equals(action);
    }

    /** DescribeJob through either transport, repeated while Glacier throttles (see {@link GlacierRetry}). */
    public static CompletedJob describe(GlacierReads glacier, String account, String vault, String jobId,
                                        String region, DownloadSettings retry) {
        GlacierReads.DescribedJob d;
        try {
            d = GlacierRetry.call(retry, "DescribeJob for job " + jobId + " of vault '" + vault + "'",
                    () -> glacier.describeJob(account, vault, jobId));
        } catch (ResourceNotFoundException e) {
            throw new NotDownloadable("job " + jobId + " not found in vault '" + vault + "' (" + region + "): "
                    + e.awsErrorDetails().errorMessage() + " — check --vault, --job-id and thaw.aws.region; Glacier"
                    + " forgets a job about 24 h after it completed", false, e);
        }
        if (!Boolean.TRUE.equals(d.completed())) {
            throw new NotDownloadable("job " + jobId + " of vault '" + vault + "' is still " + d.statusCode()
                    + " (started " + d.creationDate() + ", tier " + d.tier() + ") — try again later", true, null);
        }
        if (!"Succeeded".equals(d.statusCode())) {
            throw new NotDownloadable("job " + jobId + " of vault '" + vault + "' " + d.statusCode() + ": "
                    + d.statusMessage() + " — it has no output; start a new retrieval", false, null);
        }
        boolean inventory = "InventoryRetrieval".equals(d.action());
        long offset = 0;
        String range = d.retrievalByteRange();
        if (!inventory && range != null && range.matches("\\d+-\\d+")) {
            offset = Long.parseLong(range.substring(0, range.indexOf('-')));
        }
        Long size = outputSize(d.archiveSizeInBytes(), d.inventorySizeInBytes(), range, inventory);
        return new CompletedJob(account, vault, jobId, d.action(), d.archiveId(), d.archiveSizeInBytes(),
                offset, size == null ? 0 : size, d.archiveSha256TreeHash(), d.sha256TreeHash(), range,
                d.inventoryFormat(), d.tier(), d.jobDescription(),
                d.completionDate() == null ? null : Instant.parse(d.completionDate()));
    }

    /**
     * Bytes of a job's output: the inventory's size, the retrieved range's length, or the archive's size.
     * Null when Glacier did not say.
     */
    public static Long outputSize(Long archiveSize, Long inventorySize, String byteRange, boolean inventory) {
        if (inventory) {
            return inventorySize;
        }
        if (byteRange != null && byteRange.matches("\\d+-\\d+")) {
            String[] p = byteRange.split("-");
            return Long.parseLong(p[1]) - Long.parseLong(p[0]) + 1;
        }
        return archiveSize;
    }
}
