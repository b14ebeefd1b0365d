package io.thaw.glacier;

import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;
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

    private final JobInitiation initiation;
    private final JobStore store;
    private final String region;
    private final String defaultSnsTopic;
    private final PriorJobs prior;

    /** A starter that looks nowhere before it starts ({@link PriorJobs#NONE}). */
    public JobStarter(GlacierClient glacier, JobStore store, String region, String defaultSnsTopic) {
        this(glacier, store, region, defaultSnsTopic, PriorJobs.NONE);
    }

    /**
     * @param defaultSnsTopic topic for jobs whose parameters name none (thaw.jobs.sns-topic), so their
     *                        notices reach thaw even when the vault has no notification configuration; may be null
     * @param prior           where {@link #start} looks before it leaps: a job the store already runs for the
     *                        same archive, range and destination is answered instead of a new one, and a valid
     *                        retrieval Glacier lists that the store does not know (started by another tool, or
     *                        by thaw just before a crash) is adopted ({@link KnownJobs})
     */
    public JobStarter(GlacierClient glacier, JobStore store, String region, String defaultSnsTopic, PriorJobs prior) {
        this(JobInitiation.sdk(glacier), store, region, defaultSnsTopic, prior);
    }

    /** Through either transport of InitiateJob ({@link JobInitiation}). */
    public JobStarter(JobInitiation initiation, JobStore store, String region, String defaultSnsTopic, PriorJobs prior) {
        this.initiation = initiation;
        this.store = store;
        this.region = region;
        this.defaultSnsTopic = defaultSnsTopic;
        this.prior = prior;
    }

    /**
     * What a job is for, besides Glacier's own parameters: where the output goes, who asked, and the archive's
     * size and tree hash as a run's inventory gives them (null when not known before Glacier finishes the job).
     */
    public record Purpose(String destination, String name, String requestFile, String requestHash, Long archiveSize,
                          String archiveTreeHash) {

        public Purpose(String destination, String name, String requestFile, String requestHash) {
            this(destination, name, requestFile, requestHash, null, null);
        }
    }

    /** Starts a job (or answers the one the store or Glacier already has for it) and records it. */
    public JobRecord start(String account, String vault, JobParameters given, Purpose purpose) {
        Begun b = begin(account, vault, given, purpose);
        return b.recorded() != null ? b.recorded() : insert(b.unrecorded());
    }

    /**
     * A job {@link #begin} answered: one the store has already ({@code recorded}: an active job for the same
     * archive, or an adopted one), or one Glacier has just accepted that {@link #record} must still write
     * ({@code unrecorded}).
     */
    public record Begun(JobRecord recorded, NewJob unrecorded) {

        public String jobId() {
            return recorded != null ? recorded.jobId() : unrecorded.jobId();
        }

        public String requestFile() {
            return recorded != null ? recorded.requestFile() : unrecorded.requestFile();
        }
    }

    /**
     * As {@link #start}, but a new job is not yet written to the store: the caller records it with {@link #record},
     * so a pacer can make its InitiateJob calls with no transaction open and then write a batch's jobs at once
     * (on H2, index pages a transaction holds open across calls are written by other threads' commits and again
     * at its own). A job Glacier accepted and the caller never recorded is adopted after a restart (ListJobs).
     */
    public Begun begin(String account, String vault, JobParameters given, Purpose purpose) {
        JobParameters params = given.snsTopic() == null && defaultSnsTopic != null
                ? given.toBuilder().snsTopic(defaultSnsTopic).build() : given;
        if (params.archiveId() != null && !"inventory-retrieval".equals(params.type())) {
            Optional<JobRecord> active = prior.active(vault, params.archiveId(), params.retrievalByteRange(),
                    purpose.destination());
            if (active.isPresent()) {
                LOG.info("archive {} of vault '{}' already has job {} ({}): no second job started",
                        JobRecord.shortId(params.archiveId()), vault, JobRecord.shortId(active.get().jobId()),
                        active.get().state());
                return new Begun(active.get(), null);
            }
            Optional<JobRecord> adopted = prior.adopt(account, vault, params, purpose, id -> false);
            if (adopted.isPresent()) {
                return new Begun(adopted.get(), null);
            }
        }
        return new Begun(null, initiate(account, vault, params, purpose));
    }

    /** Writes a job {@link #begin} left unrecorded (joining this thread's transaction if one is open). */
    public void record(NewJob job) {
        store.add(job);
        started(job);
    }

    /**
     * Starts a job again for an expired one (same archive, range, tier, destination and name), or adopts a
     * valid retrieval Glacier lists for it. The caller links the new record to the old one (JobRenewer).
     */
    public JobRecord restart(JobRecord old) {
        JobParameters.Builder b = JobParameters.builder().type(old.isInventory() ? "inventory-retrieval" : "archive-retrieval")
                .archiveId(old.archiveId()).tier(old.tier()).format(old.format()).retrievalByteRange(old.byteRange())
                .description(old.jobDescription());
        if (defaultSnsTopic != null) {
            b.snsTopic(defaultSnsTopic);
        }
        JobParameters params = b.build();
        Purpose purpose = new Purpose(old.destination(), old.name(), old.requestFile(), null, old.archiveSize(),
                old.archiveTreeHash());
        Optional<JobRecord> adopted = old.isInventory() ? Optional.empty()
                : prior.adopt(old.account(), old.vault(), params, purpose, id -> id.equals(old.jobId()));
        return adopted.isPresent() ? adopted.get() : insert(initiate(old.account(), old.vault(), params, purpose));
    }

    /** InitiateJob; answers the job to record, or throws {@link JobRefused} for a refusal retrying cannot fix. */
    private NewJob initiate(String account, String vault, JobParameters params, Purpose purpose) {
        String jobId;
        try {
            jobId = initiation.initiateJob(account, vault, params);
        } catch (ResourceNotFoundException e) {
            throw new JobRefused(notFound(vault, params, e), e);
        } catch (PolicyEnforcedException e) {
            throw new JobRefused("Glacier refused a " + tierOf(params.tier()) + " retrieval from vault '" + vault
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
            if (e.statusCode() == 413) {
                throw new JobRefused("Glacier refused to start a job on vault '" + vault + "' in " + region + ": "
                        + ServiceAnswer.describe(e) + " — the job parameters are larger than Glacier accepts:"
                        + " shorten the job's Description (at most 1,024 printable ASCII characters)", e);
            }
            throw e;
        }
        String action = "inventory-retrieval".equals(params.type()) ? "InventoryRetrieval" : "ArchiveRetrieval";
        return new NewJob(jobId, vault, account, action, params.archiveId(), params.tier(), params.format(),
                params.retrievalByteRange(), params.description(), purpose.requestFile(), purpose.requestHash(),
                purpose.destination(), purpose.name(), purpose.archiveSize(), purpose.archiveTreeHash());
    }

    private JobRecord insert(NewJob job) {
        JobRecord r = store.insert(job);
        started(job);
        return r;
    }

    private static void started(NewJob job) {
        io.thaw.metrics.ThawMetrics.jobStarted();
        LOG.info("REQUESTED {} vault={} archive={} job={} tier={} -> {}", job.action(), job.vault(),
                JobRecord.shortId(job.archiveId()), JobRecord.shortId(job.jobId()), tierOf(job.tier()),
                io.thaw.log.LogText.escape(job.destination()));
    }

    private String notFound(String vault, JobParameters params, ResourceNotFoundException e) {
        String msg = String.valueOf(e.awsErrorDetails().errorMessage());
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("archive")) {
            return "archive '" + params.archiveId() + "' not found in vault '" + vault + "' (" + region
                    + ") — check the ArchiveId against the vault's inventory";
        }
        return "vault '" + vault + "' not found in " + region + " — check the vault name and thaw.aws.region";
    }

    private static String tierOf(String tier) {
        return tier == null ? "Standard" : tier;
    }
}
