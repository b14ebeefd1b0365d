package io.thaw.camel.glacier;

/** What the producer does: option {@code operation} or header {@code CamelGlacierOperation}. */
public enum GlacierOperations {
    /** Starts an archive or inventory retrieval job; body: the job's InitiateJobResponse. */
    initiateJob,
    /** DescribeJob; body: DescribeJobResponse. */
    describeJob,
    /** Every job of the vault (all pages); body: List of GlacierJobDescription. */
    listJobs,
    /** Every vault of the account (all pages); body: List of DescribeVaultOutput. */
    listVaults,
    /** Downloads a finished job's output, verified chunk by chunk and as a whole; body: the File (or the OutputStream). */
    getJobOutput,
    /** Deletes an archive; refused unless {@code allowDelete=true}. */
    deleteArchive
}
