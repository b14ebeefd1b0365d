package io.thaw.glacier;

import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;

/**
 * The first link of the processor chain: claims a STAGED job in the store, downloads and verifies its
 * output into staging ({@link OutputDownloader}), and hands back the verified file with the
 * {@link JobHold} that keeps every other worker — another notice consumer of this instance, another
 * instance — off the job until the deliverer has recorded it DELIVERED (or given up). Failures leave
 * the job in a state that says what happens next: STAGED again (a retry will come), or FAILED with
 * the reason when nothing can fix it.
 */
public final class OutputFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFetcher.class);
    /** What {@link #partName} appends. */
    public static final String PART = ".part";

    /**
     * A verified output waiting in staging for delivery.
     *
     * @param chunkRecords whether the store may hold chunk records of this output (see OutputDownloader.Result)
     * @param hold         this worker's hold on the job; the deliverer fences with it and closes it
     */
    public record Fetched(JobRecord job, Path file, long size, String treeHash, String archiveDescription,
                          boolean chunkRecords, JobHold hold) {
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
    private final OutputDownloader downloader;
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
    public OutputFetcher(GlacierClient glacier, JobStore store, OutputDownloader downloader, Path staging,
                         Function<String, Path> stagingFolders, Refusal refusal, JobClaims claims,
                         ReliabilitySettings settings, JobRenewer renewer) {
        this.glacier = glacier;
        this.store = store;
        this.downloader = downloader;
        this.staging = staging;
        this.stagingFolders = stagingFolders;
        this.refusal = refusal;
        this.claims = claims;
        this.settings = settings;
        this.renewer = renewer;
    }

    /**
     * Returns null when there is nothing to fetch: the job is final, or another worker has it (a duplicate
     * notice). Otherwise the caller owns the returned {@link Fetched#hold()} and must close it.
     */
    public Fetched fetch(String jobId) throws IOException {
        JobRecord job = store.find(jobId).orElseThrow(() -> new IllegalArgumentException("job " + jobId
                + " is not in the job store"));
        if (job.state().isFinal()) {
            LOG.info("job {} is already {}: nothing to fetch", JobRecord.shortId(jobId), job.state());
            return null;
        }
        if (!inHand.add(jobId)) {
            LOG.info("job {} is being fetched or delivered already", JobRecord.shortId(jobId));
            return null;
        }
        JobHold hold = new JobHold(jobId, settings.instanceId(), claims, fenceMargin(), inHand);
        boolean handedOut = false;
        try {
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
                return null;
            }
            // A notice staged and claimed it for this instance a moment ago: no second claim, and job is current.
            boolean handedOver = claims.takeHandedOver(jobId, java.time.Instant.now());
            if (!handedOver) {
                if (!claim(jobId)) {
                    return null;
                }
                job = store.find(jobId).orElseThrow();
            }
            if (job.completedAt() != null
                    && !java.time.Instant.now().isBefore(settings.renewAfter(job.completedAt()))) {
                renewer.renew(job, "output window closes " + job.completedAt().plus(settings.window())
                        + ", less than thaw.window.margin=" + settings.windowMargin() + " away, and it is not delivered");
                return null;
            }
            LOG.info("DOWNLOADING vault={} archive={} job={} bytes={}", job.vault(), JobRecord.shortId(job.archiveId()),
                    JobRecord.shortId(jobId), job.outputSize());
            OutputDownloader.Result r = downloader.download(new OutputDownloader.Target(job.account(), job.vault(),
                    jobId, job.outputSize(), job.outputTreeHash(), job.isInventory()), stagingFile(job));
            // Kept for a later attempt that finds every chunk verified on disk and so gets no response to
            // read it from; a one-chunk output is always fetched again, with its description (no statement).
            if (r.archiveDescription() != null && r.chunkRecords()
                    && !r.archiveDescription().equals(job.archiveDescription())) {
                store.recordArchiveDescription(jobId, r.archiveDescription());
            }
            Optional<JobRecord> held = claims.heldClaim(jobId, settings.instanceId());
            if (held.isEmpty()) {
                // Our claim expired (a long pause) and another instance took the job over: it delivers.
                LOG.warn("job {}: claim lost to another instance while downloading; leaving delivery to it",
                        JobRecord.shortId(jobId));
                return null;
            }
            handedOut = true;
            return new Fetched(held.get(), r.file(), r.size(), r.treeHash(),
                    r.archiveDescription() != null ? r.archiveDescription() : job.archiveDescription(), r.chunkRecords(),
                    hold);
        } catch (OutputProblem p) {
            if (p.kind() == OutputProblem.Kind.PERMANENT) {
                store.markFailed(jobId, p.getMessage());
                LOG.error("FAILED job {}: {}", JobRecord.shortId(jobId), p.getMessage());
                discardPart(job);
                return null;
            }
            if (p.kind() == OutputProblem.Kind.EXPIRED) {
                try {
                    renewer.renew(job, p.getMessage());
                    discardPart(job); // the new job downloads under its own id
                    return null;
                } catch (RuntimeException e) {
                    store.releaseAfterError(jobId, p.getMessage() + "; re-requesting failed: " + e.getMessage(), owner());
                    throw e;
                }
            }
            store.releaseAfterError(jobId, p.getMessage(), owner());
            throw p;
        } catch (IOException | RuntimeException e) {
            // Anything else (disk full, store hiccup): never leave the job DOWNLOADING under a live claim.
            store.releaseAfterError(jobId, "download failed: " + e, owner());
            throw e;
        } finally {
            if (!handedOut) {
                hold.close(); // the deliverer closes a hold it was handed, once delivery ended
            }
            claims.forgetHandOver(jobId); // when it returned before taking it (final, refused)
        }
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
        return (folder != null ? folder : staging).resolve(partName(job.jobId()));
    }

    /** The staging file name of an output ({@code key}: the job id, or the job id and a sub-range). */
    public static String partName(String key) {
        return key + PART;
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
