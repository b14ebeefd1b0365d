package io.thaw.glacier;

import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InitiateJobResponse;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.JobParameters;
import software.amazon.awssdk.services.glacier.model.PolicyEnforcedException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * Starts Glacier jobs and records each one in the job store the moment Glacier accepts it. Refusals
 * that retrying cannot fix become {@link JobRefused} with a message naming vault, region and fix;
 * anything else (throttling after the SDK's retries, network) propagates for a later retry.
 */
public final class JobStarter {

    private static final Logger LOG = LoggerFactory.getLogger(JobStarter.class);

    private final GlacierClient glacier;
    private final JobStore store;
    private final String region;
    private final String defaultSnsTopic;

    /**
     * @param defaultSnsTopic topic for jobs whose parameters name none (thaw.jobs.sns-topic), so their
     *                        notices reach thaw even when the vault has no notification configuration; may be null
     */
    public JobStarter(GlacierClient glacier, JobStore store, String region, String defaultSnsTopic) {
        this.glacier = glacier;
        this.store = store;
        this.region = region;
        this.defaultSnsTopic = defaultSnsTopic;
    }

    /** What a job is for, besides Glacier's own parameters. */
    public record Purpose(String destination, String name, String requestFile, String requestHash) {
    }

    public JobRecord start(String account, String vault, JobParameters given, Purpose purpose) {
        JobParameters params = given.snsTopic() == null && defaultSnsTopic != null
                ? given.toBuilder().snsTopic(defaultSnsTopic).build() : given;
        InitiateJobResponse r;
        try {
            r = glacier.initiateJob(b -> b.accountId(account).vaultName(vault).jobParameters(params));
        } catch (ResourceNotFoundException e) {
            throw new JobRefused(notFound(vault, params, e), e);
        } catch (PolicyEnforcedException e) {
            throw new JobRefused("Glacier refused a " + tierOf(params) + " retrieval from vault '" + vault
                    + "': the account's data retrieval policy in " + region + " does not allow it ("
                    + e.awsErrorDetails().errorMessage() + ") — raise the policy's BytesPerHour, set it to"
                    + " 'No Retrieval Limit', or use another tier", e);
        } catch (InvalidParameterValueException e) {
            throw new JobRefused("Glacier refused the job parameters for vault '" + vault + "': "
                    + e.awsErrorDetails().errorMessage() + " — fix the request's job object", e);
        } catch (GlacierException e) {
            if (e.statusCode() == 403) {
                throw new JobRefused("access denied starting a job on vault '" + vault + "' in " + region + ": "
                        + e.awsErrorDetails().errorMessage() + " — the credentials need glacier:InitiateJob", e);
            }
            throw e;
        }
        String action = "inventory-retrieval".equals(params.type()) ? "InventoryRetrieval" : "ArchiveRetrieval";
        JobRecord job = store.insert(new NewJob(r.jobId(), vault, account, action, params.archiveId(),
                params.tier(), params.format(), params.retrievalByteRange(), params.description(),
                purpose.requestFile(), purpose.requestHash(), purpose.destination(), purpose.name()));
        io.thaw.metrics.ThawMetrics.jobStarted();
        LOG.info("REQUESTED {} vault={} archive={} job={} tier={} -> {}", action, vault,
                JobRecord.shortId(params.archiveId()), JobRecord.shortId(r.jobId()), tierOf(params),
                purpose.destination());
        return job;
    }

    private String notFound(String vault, JobParameters params, ResourceNotFoundException e) {
        String msg = String.valueOf(e.awsErrorDetails().errorMessage());
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("archive")) {
            return "archive '" + params.archiveId() + "' not found in vault '" + vault + "' (" + region
                    + ") — check the ArchiveId against the vault's inventory";
        }
        return "vault '" + vault + "' not found in " + region + " — check the vault name and thaw.aws.region";
    }

    private static String tierOf(JobParameters p) {
        return p.tier() == null ? "Standard" : p.tier();
    }
}
