package io.thaw.glacier;

import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * InitiateJob, through either transport: {@link #sdk} (an SDK client) or {@link HttpJobInitiation} (a signed
 * POST on the JDK's HTTP client). Both fail alike, as {@link GlacierReads} does: a refusal as the SDK's
 * exception for its error code, no answer as {@code SdkClientException}.
 */
@FunctionalInterface
public interface JobInitiation {

    /** Starts the job and answers its id. */
    String initiateJob(String account, String vault, JobParameters params);

    /** Through an SDK client (which keeps its own retry settings). */
    static JobInitiation sdk(GlacierClient glacier) {
        return (account, vault, params) -> glacier.initiateJob(b -> b.accountId(account).vaultName(vault)
                .jobParameters(params)).jobId();
    }
}
