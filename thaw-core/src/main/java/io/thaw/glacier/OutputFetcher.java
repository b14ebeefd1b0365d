package io.thaw.glacier;

import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.camel.glacier.GlacierConstants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;

/**
 * The first link of the processor chain, around route fetch-output's {@code glacier:} getJobOutput step
 * (which downloads and verifies the output into staging with {@link OutputDownloader}): claims a STAGED
 * job in the store before it, and hands back the verified file after it with the
 * {@link JobHold} that keeps every other worker — another notice consumer of this instance, another
 * instance — off the job until the deliverer has recorded it DELIVERED (or given up). Failures leave
 * the job in a state that says what happens next: STAGED again (a retry will come), or FAILED with
 * the reason when nothing can fix it.
 */
public final class OutputFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFetcher.class);
    /** Exchange properties of route fetch-output: this worker's hold, the job, whether the deliverer got the hold. */
    static final String HOLD = "thawFetchHold";
    static final String JOB = "thawFetchJob";
    static final String HANDED_OUT = "thawFetchHandedOut";

    /**
     * A verified output waiting in staging for delivery.
     *
     * @param chunkRecords whether the store may hold chunk records of this output (see OutputDownloader.Result)
     * @param hold         this worker's hold on the job; the deliverer fences with it and closes it
     * @param seal         the staged file's seal from its download (header CamelGlacierFileSeal), or null
     */
    public record Fetched(JobRecord job, Path file, long size, String treeHash, String archiveDescription,
                          boolean chunkRecords, JobHold hold, io.thaw.glacier.FileSeal seal) {
    }

    /**
     * Says why a finished job's output must not be downloaded — it could never be delivered (over 5 TiB
     * for S3) — or null. Asked once the output size is known, before any byte is fetched.
     */
    @FunctionalInterface
    public interface Refusal {
        String reason(JobRecord job);
    }

    private final GlacierClient glacier;
    private final JobStore store;
    private final Path staging;
    /** Jobs a worker of this instance holds, from claim to DELIVERED (see JobHold). */
    private final Set<String> inHand = ConcurrentHashMap.newKeySet();
    private final Function<String, Path> stagingFolders;
    private final Refusal refusal;
    private final JobClaims claims;
    private final ReliabilitySettings settings;
    private final JobRenewer renewer;

    /**
     * @param staging        where outputs are downloaded when their destination offers no staging folder
     * @param stagingFolders the staging folder a destination offers, or null (a folder destination's own, on
     *                       its file system, so delivery renames instead of copying)
     * @param refusal        refuses output that can never be delivered before it is downloaded
     * @param claims         claims jobs per instance in the store ({@code settings}: this instance's id, the
     *                       claim length, the output window), so several instances share the work
     * @param renewer        re-requests output whose window closed or is about to
     */
    public OutputFetcher(GlacierClient glacier, JobStore store, Path staging,
                         Function<String, Path> stagingFolders, Refusal refusal, JobClaims claims,
                         ReliabilitySettings settings, JobRenewer renewer) {
        this.glacier = glacier;
        this.store = store;
        this.staging = staging;
        this.stagingFolders = stagingFolders;
        this.refusal = refusal;
        this.claims = claims;
        this.settings = settings;
        this.renewer = renewer;
    }

    /**
     * First step of route fetch-output. The body is a job id; when there is something to fetch, this
     * worker takes the job (in-process guard and store claim: a {@link JobHold}, kept in exchange property
     * {@link #HOLD}) and sets the headers the {@code glacier:} producer's getJobOutput reads — the job, the
     * output's size and tree hash as the notice gave them, and the staging folder (the destination's own
     * when it offers one, so delivery renames). The body becomes null when there is nothing to fetch: the
     * job is final, another worker has it (a duplicate notice), it is refused or re-requested.
     */
    public void claim(Exchange exchange) {
        Message m = exchange.getMessage();
        String jobId = m.getBody(String.class);
        m.setBody(null);
        JobRecord job = store.find(jobId).orElseThrow(() -> new IllegalArgumentException("job " + jobId
                + " is not in the job store"));
        if (job.state().isFinal()) {
            LOG.info("job {} is already {}: nothing to fetch", JobRecord.shortId(jobId), job.state());
            return;
        }
        if (!inHand.add(jobId)) {
            LOG.info("job {} is being fetched or delivered already", JobRecord.shortId(jobId));
            return;
        }
        exchange.setProperty(HOLD, new JobHold(jobId, settings.instanceId(), claims, fenceMargin(), inHand));
        exchange.setProperty(JOB, job);
        if (job.state() == JobState.REQUESTED) {
            stageFromGlacier(job);
            job = store.find(jobId).orElseThrow();
        }
        String refused = refusal.reason(job);
        if (refused != null) {
            // downloading would cost a retrieval's transfer for output that can never be delivered
            if (store.markFailed(jobId, refused)) {
                LOG.error("FAILED job {}: {}", JobRecord.shortId(jobId), refused);
            }
            return;
        }
        // A notice staged and claimed it for this instance a moment ago: no second claim, and job is current.
        if (!claims.takeHandedOver(jobId, Instant.now())) {
            if (!claim(jobId)) {
                return;
            }
            job = store.find(jobId).orElseThrow();
        }
        exchange.setProperty(JOB, job);
        if (job.completedAt() != null && !Instant.now().isBefore(settings.renewAfter(job.completedAt()))) {
            renewer.renew(job, "output window closes " + job.completedAt().plus(settings.window())
                    + ", less than thaw.window.margin=" + settings.windowMargin() + " away, and it is not delivered");
            return;
        }
        LOG.info("DOWNLOADING vault={} archive={} job={} bytes={}", job.vault(), JobRecord.shortId(job.archiveId()),
                JobRecord.shortId(jobId), job.outputSize());
        m.setHeader(GlacierConstants.ACCOUNT_ID, job.account());
        m.setHeader(GlacierConstants.VAULT_NAME, job.vault());
        m.setHeader(GlacierConstants.JOB_ID, jobId);
        m.setHeader(GlacierConstants.JOB_ACTION, job.isInventory() ? "InventoryRetrieval" : "ArchiveRetrieval");
        m.setHeader(GlacierConstants.OUTPUT_SIZE, job.outputSize());
        m.setHeader(GlacierConstants.OUTPUT_TREE_HASH, job.outputTreeHash());
        m.setHeader(GlacierConstants.STAGING_DIRECTORY, stagingFile(job).getParent());
        m.setBody(jobId);
    }

    /**
     * After getJobOutput: the body is the verified output in staging. Returns it as {@link Fetched}, with
     * the hold, for the deliverer — or null when this instance's claim ran out while downloading and
     * another instance took the job over (it delivers).
     */
    public Fetched downloaded(Exchange exchange) {
        Message m = exchange.getMessage();
        JobRecord job = exchange.getProperty(JOB, JobRecord.class);
        Path file = m.getBody(java.io.File.class).toPath();
        String description = m.getHeader(GlacierConstants.ARCHIVE_DESCRIPTION, String.class);
        // One chunk is never recorded (OutputDownloader): nothing for the deliverer to drop.
        boolean chunkRecords = m.getHeader(GlacierConstants.CHUNKS_FETCHED, 0, Integer.class)
                + m.getHeader(GlacierConstants.CHUNKS_REUSED, 0, Integer.class) > 1;
        // Kept for a later attempt that finds every chunk verified on disk and so gets no response to
        // read it from; a one-chunk output is always fetched again, with its description (no statement).
        if (description != null && chunkRecords && !description.equals(job.archiveDescription())) {
            store.recordArchiveDescription(job.jobId(), description);
        }
        Optional<JobRecord> held = claims.heldClaim(job.jobId(), settings.instanceId());
        if (held.isEmpty()) {
            // Our claim expired (a long pause) and another instance took the job over: it delivers.
            LOG.warn("job {}: claim lost to another instance while downloading; leaving delivery to it",
                    JobRecord.shortId(job.jobId()));
            return null;
        }
        exchange.setProperty(HANDED_OUT, true);
        return new Fetched(held.get(), file, m.getHeader(GlacierConstants.CONTENT_LENGTH, Long.class),
                m.getHeader(GlacierConstants.TREE_HASH, String.class),
                description != null ? description : job.archiveDescription(), chunkRecords,
                exchange.getProperty(HOLD, JobHold.class),
                m.getHeader(GlacierConstants.FILE_SEAL, io.thaw.glacier.FileSeal.class));
    }

    /**
     * When claiming or downloading failed: leaves the job in a state that says what happens next and
     * returns null, or throws the failure again for the caller to retry (the notice stays in the queue).
     * A job FAILED for good or re-requested as a new job loses its part file.
     */
    public Object failed(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        JobRecord job = exchange.getProperty(JOB, JobRecord.class);
        if (job == null) {
            throw e; // before this worker held the job: nothing to undo
        }
        String jobId = job.jobId();
        if (e instanceof OutputProblem p && p.kind() == OutputProblem.Kind.PERMANENT) {
            store.markFailed(jobId, p.getMessage());
            LOG.error("FAILED job {}: {}", JobRecord.shortId(jobId), p.getMessage());
            discardPart(job);
            return null;
        }
        if (e instanceof OutputProblem p && p.kind() == OutputProblem.Kind.EXPIRED) {
            try {
                renewer.renew(job, p.getMessage());
                discardPart(job); // the new job downloads under its own id
                return null;
            } catch (RuntimeException r) {
                store.releaseAfterError(jobId, p.getMessage() + "; re-requesting failed: " + r.getMessage(), owner());
                throw r;
            }
        }
        // Anything else (throttled past every attempt, disk full, a store hiccup): never leave the job
        // DOWNLOADING under a live claim.
        store.releaseAfterError(jobId, e instanceof OutputProblem ? e.getMessage() : "download failed: " + e, owner());
        throw e;
    }

    /** Last step, however the others ended: lets the job go unless the deliverer was handed the hold. */
    public void release(Exchange exchange) {
        JobHold hold = exchange.getProperty(HOLD, JobHold.class);
        if (hold == null) {
            return;
        }
        if (!exchange.getProperty(HANDED_OUT, false, Boolean.class)) {
            hold.close(); // the deliverer closes a hold it was handed, once delivery ended
        }
        claims.forgetHandOver(hold.jobId()); // when it returned before taking it (final, refused)
        // by name: a pattern is matched as a regex against every property, a few % of a whole-vault run's CPU
        exchange.removeProperty(HOLD);
        exchange.removeProperty(JOB);
        exchange.removeProperty(HANDED_OUT);
    }

    /**
     * Removes the part file of a job that will never be downloaded again (FAILED, or re-requested as a
     * new job): it may lie in a folder destination's own .thaw-staging, where the operator sees it.
     */
    private void discardPart(JobRecord job) {
        try {
            Files.deleteIfExists(stagingFile(job));
        } catch (IOException | RuntimeException e) {
            LOG.info("job {}: could not remove its part file ({}); the startup sweep removes it",
                    JobRecord.shortId(job.jobId()), e.getMessage());
        }
    }

    private String owner() {
        return settings.instanceId();
    }

    /** At the fence a claim must still run a quarter of its length: the claim keeper renews at a third. */
    private java.time.Duration fenceMargin() {
        return settings.claimTtl().dividedBy(4);
    }

    private boolean claim(String jobId) {
        java.time.Instant now = java.time.Instant.now();
        return claims.claim(jobId, settings.instanceId(), now, now.plus(settings.claimTtl()));
    }

    /**
     * Where the job's output is downloaded: the same place on every attempt, so a crash resumes; in the
     * staging folder its destination offers, else in thaw.staging.
     */
    public Path stagingFile(JobRecord job) {
        Path folder = job.destination() == null ? null : stagingFolders.apply(job.destination());
        return (folder != null ? folder : staging).resolve(OutputDownloader.partName(job.jobId()));
    }

    /** No notice was seen (polling, adoption): ask Glacier for what the notice would have said. */
    private void stageFromGlacier(JobRecord job) {
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId(job.account()).vaultName(job.vault())
                .jobId(job.jobId()));
        if (!Boolean.TRUE.equals(d.completed())) {
            throw new OutputProblem(OutputProblem.Kind.NOT_READY, "job " + job.jobId() + " is still in progress");
        }
        if (!"Succeeded".equals(d.statusCodeAsString())) {
            store.markFailed(job.jobId(), "Glacier reports the job " + d.statusCodeAsString() + ": " + d.statusMessage());
            throw new OutputProblem(OutputProblem.Kind.PERMANENT, "job " + job.jobId() + " " + d.statusCodeAsString());
        }
        store.markStaged(job.jobId(), d.archiveSizeInBytes(), CompletedJob.outputSize(d.archiveSizeInBytes(),
                d.inventorySizeInBytes(), d.retrievalByteRange(), job.isInventory()), d.archiveSHA256TreeHash(),
                d.sha256TreeHash(), d.completionDate() == null ? null : java.time.Instant.parse(d.completionDate()));
    }
}
