package io.thaw.glacier;

import java.time.Instant;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
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

    /** DescribeJob, repeated while Glacier throttles (see {@link GlacierRetry}). */
    public static CompletedJob describe(GlacierClient glacier, String account, String vault, String jobId,
                                        String region, DownloadSettings retry) {
        DescribeJobResponse d;
        try {
            d = GlacierRetry.call(retry, "DescribeJob for job " + jobId + " of vault '" + vault + "'",
                    () -> glacier.describeJob(b -> b.accountId(account).vaultName(vault).jobId(jobId)));
        } catch (ResourceNotFoundException e) {
            throw new NotDownloadable("job " + jobId + " not found in vault '" + vault + "' (" + region + "): "
                    + e.awsErrorDetails().errorMessage() + " — check --vault, --job-id and thaw.aws.region; Glacier"
                    + " forgets a job about 24 h after it completed", false, e);
        }
        if (!Boolean.TRUE.equals(d.completed())) {
            throw new NotDownloadable("job " + jobId + " of vault '" + vault + "' is still " + d.statusCodeAsString()
                    + " (started " + d.creationDate() + ", tier " + d.tier() + ") — try again later", true, null);
        }
        if (!"Succeeded".equals(d.statusCodeAsString())) {
            throw new NotDownloadable("job " + jobId + " of vault '" + vault + "' " + d.statusCodeAsString() + ": "
                    + d.statusMessage() + " — it has no output; start a new retrieval", false, null);
        }
        boolean inventory = "InventoryRetrieval".equals(d.actionAsString());
        long offset = 0;
        String range = d.retrievalByteRange();
        if (!inventory && range != null && range.matches("\\d+-\\d+")) {
            offset = Long.parseLong(range.substring(0, range.indexOf('-')));
        }
        Long size = OutputFetcher.outputSize(d.archiveSizeInBytes(), d.inventorySizeInBytes(), range, inventory);
        return new CompletedJob(account, vault, jobId, d.actionAsString(), d.archiveId(), d.archiveSizeInBytes(),
                offset, size == null ? 0 : size, d.archiveSHA256TreeHash(), d.sha256TreeHash(), range,
                d.inventoryRetrievalParameters() == null ? null : d.inventoryRetrievalParameters().format(),
                d.tier(), d.jobDescription(),
                d.completionDate() == null ? null : Instant.parse(d.completionDate()));
    }
}
