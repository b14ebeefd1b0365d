package io.thaw.glacier;

import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * The safety net under SNS: a lost or misrouted notice delays a delivery but never loses it. Called by
 * the reconcile timer; answers the ids of jobs the fetch route should now take:
 * <ul>
 *   <li>REQUESTED jobs past {@code thaw.reconcile.grace} are asked about with DescribeJob, at a pace set
 *       by their tier (Expedited minutes, Bulk hours); finished ones are staged (or marked FAILED), and
 *       ones Glacier no longer knows (404: the output expired unseen) are re-requested;</li>
 *   <li>jobs adopted already completed ({@link ReadyJobs}), on the next tick;</li>
 *   <li>STAGED jobs nobody is fetching (fetch failed and parked, notice deleted, restart) once due;</li>
 *   <li>DOWNLOADING jobs whose claim expired (their instance died) are taken over;</li>
 *   <li>STAGED jobs whose 24 h window is closing are re-requested instead of fetched.</li>
 * </ul>
 * Each kind is read a batch a tick ({@code thaw.reconcile.batch}), the rest on the next ticks: a tick's
 * memory and Glacier calls stay bounded however many jobs are in flight.
 * Every instance may run it: check reservations and claims in the store make one of them act per job.
 */
public final class JobReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(JobReconciler.class);

    private final GlacierClient glacier;
    private final JobStore store;
    private final JobClaims claims;
    private final JobRenewer renewer;
    private final ReliabilitySettings settings;
    private final Clock clock;
    private final ReadyJobs ready;

    public JobReconciler(GlacierClient glacier, JobStore store, JobClaims claims, JobRenewer renewer,
                         ReliabilitySettings settings, Clock clock, ReadyJobs ready) {
        this.ready = ready;
        this.glacier = glacier;
        this.store = store;
        this.claims = claims;
        this.renewer = renewer;
        this.settings = settings;
        this.clock = clock;
    }

    private final RepeatedProblems problems = new RepeatedProblems();

    /**
     * The jobs to fetch now. A failing job store (unreachable, locked, damaged) is reported once, with
     * its message and no stack trace, and the next tick tries again.
     */
    public List<String> reconcile() {
        try {
            List<String> fetch = reconcileOnce();
            if (problems.cleared("store")) {
                LOG.info("reconciler: the job store answers again");
            }
            return fetch;
        } catch (RuntimeException e) {
            if (problems.isNew("store", e.getMessage())) {
                LOG.warn("reconciler: {} — retrying every tick (thaw.reconcile.tick-ms); reported once until it"
                        + " changes. Check the store (thaw.store.url) if this lasts", e.getMessage());
            }
            return List.of();
        }
    }

    /**
     * Called by the reconcile route when fetching or delivering a job failed: logged once per job and
     * problem (the job is parked with back-off and tried again), not on every tick.
     */
    public void notDelivered(String jobId, Exception e) {
        String message = e == null ? "unknown error" : e.getMessage();
        if (problems.isNew(jobId, message)) {
            LOG.warn("reconciler: job {} not delivered this time: {} — retried later; reported once until the"
                    + " problem changes", JobRecord.shortId(jobId), message);
        } else {
            LOG.debug("reconciler: job {} still not delivered: {}", JobRecord.shortId(jobId), message);
        }
    }

    private List<String> reconcileOnce() {
        Instant now = clock.instant();
        Set<String> fetch = new LinkedHashSet<>();
        for (JobRecord j : claims.windowClosing(now.plus(settings.windowMargin()).minus(settings.window()),
                settings.batch())) {
            if (j.state() == JobState.STAGED
                    && claims.claim(j.jobId(), settings.instanceId(), now, now.plus(settings.claimTtl()), true)) {
                renewSafely(j, "output window closes " + j.completedAt().plus(settings.window())
                        + ", less than thaw.window.margin=" + settings.windowMargin() + " away, and it is not delivered");
            }
        }
        for (JobRecord j : claims.requestedDue(now.minus(settings.grace()), now, settings.batch())) {
            if (claims.takeCheck(j.jobId(), now, now.plus(settings.pollInterval(j.tier()))) && askGlacier(j)) {
                fetch.add(j.jobId());
            }
        }
        fetch.addAll(ready.drain());
        claims.stagedDue(now.minus(settings.stagedGrace()), now, settings.batch()).forEach(j -> fetch.add(j.jobId()));
        for (JobRecord j : claims.abandoned(now, settings.batch())) {
            if (problems.isNew(j.jobId() + "/abandoned", "left DOWNLOADING")) { // not again on every tick it stays so
                LOG.warn("job {} was left DOWNLOADING by an instance whose claim expired: taking it over",
                        JobRecord.shortId(j.jobId()));
            }
            fetch.add(j.jobId());
        }
        if (!fetch.isEmpty()) {
            LOG.info("reconciler: {} job(s) to fetch", fetch.size());
        }
        return new ArrayList<>(fetch);
    }

    /** True when the job is now STAGED and should be fetched. */
    private boolean askGlacier(JobRecord j) {
        DescribeJobResponse d;
        try {
            d = glacier.describeJob(b -> b.accountId(j.account()).vaultName(j.vault()).jobId(j.jobId()));
        } catch (ResourceNotFoundException gone) {
            renewSafely(j, "Glacier no longer knows the job (404): its output expired before thaw saw it complete");
            return false;
        } catch (SdkException e) {
            LOG.warn("reconciler: DescribeJob for job {} of vault '{}' failed: {} — asking again in {}",
                    JobRecord.shortId(j.jobId()), j.vault(), e.getMessage(), settings.pollInterval(j.tier()));
            return false;
        }
        if (!Boolean.TRUE.equals(d.completed())) {
            return false;
        }
        if (!"Succeeded".equals(d.statusCodeAsString())) {
            if (store.markFailed(j.jobId(), "Glacier reports the job " + d.statusCodeAsString() + ": " + d.statusMessage())) {
                LOG.error("FAILED job {} (vault '{}'): Glacier says {}", JobRecord.shortId(j.jobId()), j.vault(),
                        d.statusMessage());
            }
            return false;
        }
        Instant completed = d.completionDate() == null ? null : Instant.parse(d.completionDate());
        if (store.markStaged(j.jobId(), d.archiveSizeInBytes(), CompletedJob.outputSize(d.archiveSizeInBytes(),
                d.inventorySizeInBytes(), d.retrievalByteRange(), j.isInventory()), d.archiveSHA256TreeHash(),
                d.sha256TreeHash(), completed)) {
            LOG.info("STAGED (found by polling, no notice seen) vault={} archive={} job={}", j.vault(),
                    JobRecord.shortId(j.archiveId()), JobRecord.shortId(j.jobId()));
        }
        return true;
    }

    private void renewSafely(JobRecord j, String reason) {
        try {
            renewer.renew(j, reason);
        } catch (RuntimeException e) {
            // Throttled or offline: the job stays as it was and the next pass tries again.
            store.releaseAfterError(j.jobId(), "re-requesting failed: " + e.getMessage());
            LOG.warn("could not re-request job {} of vault '{}': {} — retrying on a later pass",
                    JobRecord.shortId(j.jobId()), j.vault(), e.getMessage());
        }
    }
}
