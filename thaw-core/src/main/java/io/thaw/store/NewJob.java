package io.thaw.store;

/**
 * What thaw records right after Glacier accepted an InitiateJob. {@code archiveSize} is the inventory's
 * size when a run started the job (null otherwise), so a run's jobs in flight carry their bytes before
 * Glacier confirms them; Glacier's figure replaces it when the job finishes.
 */
public record NewJob(
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
        String requestHash,
        String destination,
        String name,
        Long archiveSize) {

    /** A job whose archive size is not known before Glacier finishes it. */
    public NewJob(String jobId, String vault, String account, String action, String archiveId, String tier,
                  String format, String byteRange, String jobDescription, String requestFile, String requestHash,
                  String destination, String name) {
        this(jobId, vault, account, action, archiveId, tier, format, byteRange, jobDescription, requestFile,
                requestHash, destination, name, null);
    }
}
