package io.thaw.notice;

import java.time.Instant;

/**
 * A Glacier job-completion notice: the 18 keys of the DescribeJob object Glacier publishes to SNS.
 * Any key except JobId, VaultARN and StatusCode may be null (AWS has dropped keys before).
 */
public record JobNotice(String action, String archiveId, String archiveSha256TreeHash, Long archiveSizeInBytes,
        boolean completed, Instant completionDate, Instant creationDate, NoticeInventoryParameters inventoryRetrievalParameters,
        Long inventorySizeInBytes, String jobDescription, String jobId, String retrievalByteRange, String sha256TreeHash,
        String snsTopic, String statusCode, String statusMessage, String tier, String vaultArn) {

    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String IN_PROGRESS = "InProgress";

    public JobNotice {
        if (jobId == null || statusCode == null || vaultArn == null || VaultArn.parse(vaultArn) == null) {
            throw new IllegalArgumentException("a job notice needs a JobId, a StatusCode and a Glacier VaultARN");
        }
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(statusCode);
    }

    public boolean failed() {
        return FAILED.equals(statusCode);
    }

    /**
     * An inventory job. When Action is missing (dropped key), a job without ArchiveId is taken for an
     * inventory job: archive jobs always name their archive.
     */
    public boolean isInventory() {
        return action == null ? archiveId == null : action.equals("InventoryRetrieval");
    }

    public VaultArn vault() {
        return VaultArn.parse(vaultArn);
    }

    public String vaultName() {
        return vault().vaultName();
    }

    public String account() {
        return vault().account();
    }

    public String region() {
        return vault().region();
    }
}
