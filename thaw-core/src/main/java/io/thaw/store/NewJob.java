package io.thaw.store;

/**
 * What thaw records right after Glacier accepted an InitiateJob. {@code archiveSize} and
 * {@code archiveTreeHash} are the inventory's when a run started the job (null otherwise), so a run's jobs in
 * flight carry their bytes before Glacier confirms them; Glacier's figures replace them when the job finishes.
 * With the tree hash known from the start, the notice's (the same) leaves the job's content index entry
 * where it is: on H2 the claim's commit then rewrites two index paths fewer.
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
        Long archiveSize,
        String archiveTreeHash) {

    /** A job whose archive tree hash is not known before Glacier finishes it. */
    public NewJob(String jobId, String vault, String account, String action, String archiveId, String tier,
                  String format, String byteRange, String jobDescription, String requestFile, String requestHash,
                  String destination, String name, Long archiveSize) {
        this(jobId, vault, account, action, archiveId, tier, format, byteRange, jobDescription, requestFile,
                requestHash, destination, name, archiveSize, null);
    }

    /** A job whose archive size is not known before Glacier finishes it. */
    public NewJob(String jobId, String vault, String account, String action, String archiveId, String tier,
                  String format, String byteRange, String jobDescription, String requestFile, String requestHash,
                  String destination, String name) {
        this(jobId, vault, account, action, archiveId, tier, format, byteRange, jobDescription, requestFile,
                requestHash, destination, name, null, null);
    }
}
