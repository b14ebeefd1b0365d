package io.thaw.plan;

import io.thaw.glacier.JobRefused;
import io.thaw.glacier.JobStarter;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.model.JobParameters;
import software.amazon.awssdk.services.glacier.model.PolicyEnforcedException;

/**
 * Starts the queued archives of running runs at the operator's pace. Called on every tick of the
 * run-pacer timer route (one thread): a token bucket gives jobs per second, the store gives the bytes
 * started in the last 24 h and the jobs in flight. Throttling backs off exponentially; a refusal by
 * the vault's data retrieval policy stops the run with that reason. Every start is checked against
 * the store first, so an archive whose job exists (started before a restart) is not started again.
 */
public final class RunPacer {

    private static final Logger LOG = LoggerFactory.getLogger(RunPacer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final RunStore runs;
    private final JobStore store;
    private final JobStarter starter;
    private final Pace pace;
    private final Clock clock;
    private final RunFinisher finisher;
    private double permits;
    private Instant lastRefill;
    private Instant backoffUntil = Instant.MIN;
    private int backoffs;

    public RunPacer(RunStore runs, JobStore store, JobStarter starter, Pace pace, Clock clock, RunFinisher finisher) {
        this.runs = runs;
        this.store = store;
        this.starter = starter;
        this.pace = pace;
        this.clock = clock;
        this.finisher = finisher;
    }

    /** Starts what the pace allows now; answers how many jobs it started. */
    public synchronized int tick() {
        Instant now = clock.instant();
        refill(now);
        int started = 0;
        for (Run run : runs.runsIn(Run.RUNNING)) {
            if (now.isBefore(backoffUntil)) {
                return started;
            }
            started += startSome(run);
            finisher.finishIfComplete(run);
        }
        return started;
    }

    private void refill(Instant now) {
        // Up to one second's worth may accumulate (at least one job): a late tick on a busy machine
        // catches up, so the rate holds on average, without ever bursting beyond a second's quota.
        double burst = Math.max(1, pace.jobsPerSecond());
        if (lastRefill == null) {
            permits = 1;
        } else {
            permits = Math.min(burst, permits + Duration.between(lastRefill, now).toNanos() / 1e9 * pace.jobsPerSecond());
        }
        lastRefill = now;
    }

    private int startSome(Run run) {
        int started = 0;
        while (permits >= 1) {
            long room = pace.maxInFlight() - runs.inFlight();
            int want = (int) Math.min(room, (long) permits);
            if (want <= 0) {
                return started;
            }
            List<RunItem> items = runs.queued(run.runId(), want);
            if (items.isEmpty()) {
                return started;
            }
            for (RunItem item : items) {
                if (!bytesAllowed(item)) {
                    return started;
                }
                Outcome o = start(run, item);
                if (o == Outcome.STARTED) {
                    started++;
                    permits--;
                } else if (o == Outcome.STOP) {
                    return started;
                }
            }
        }
        return started;
    }

    /** Within bytes-per-day, or nothing started in the window (an archive bigger than a day's budget must go too). */
    private boolean bytesAllowed(RunItem item) {
        if (pace.bytesPerDay() <= 0) {
            return true;
        }
        long used = runs.bytesStartedSince(clock.instant().minus(Duration.ofDays(1)));
        return used == 0 || used + item.size() <= pace.bytesPerDay();
    }

    private enum Outcome { STARTED, SETTLED, STOP }

    private Outcome start(Run run, RunItem item) {
        JobRecord existing = latestJob(run.vault(), item.archiveId());
        if (existing != null && existing.state() == JobState.DELIVERED) {
            runs.mark(run.runId(), item.archiveId(), RunItem.QUEUED, RunItem.SKIPPED, "delivered earlier: "
                    + existing.deliveredTo());
            return Outcome.SETTLED;
        }
        if (existing != null && !existing.state().isFinal()) {
            // Started before a restart (or by another request): follow that job, do not pay twice.
            runs.markStarted(run.runId(), item.archiveId(), existing.jobId());
            return Outcome.SETTLED;
        }
        JobParameters p = JobParameters.builder().type("archive-retrieval").archiveId(item.archiveId()).tier(run.tier())
                .description("thaw run " + run.runId()).build();
        try {
            JobRecord job = starter.start(run.account(), run.vault(), p, new JobStarter.Purpose(run.destination(),
                    item.name(), "run:" + run.runId(), null));
            runs.markStarted(run.runId(), item.archiveId(), job.jobId());
            backoffs = 0;
            return Outcome.STARTED;
        } catch (JobRefused e) {
            if (e.getCause() instanceof PolicyEnforcedException) {
                String reason = "stopped: " + e.getMessage() + "; the vault's data retrieval policy (GetDataRetrievalPolicy)"
                        + " caps retrieval — lower thaw.pace.bytes-per-day to fit it (or raise the policy), then drop the request again:"
                        + " delivered archives are skipped, started ones followed";
                runs.setState(run.runId(), Run.RUNNING, Run.STOPPED, reason);
                LOG.error("run {} on vault '{}' {}", run.runId(), run.vault(), reason);
                return Outcome.STOP;
            }
            runs.mark(run.runId(), item.archiveId(), RunItem.QUEUED, RunItem.FAILED, e.getMessage());
            LOG.warn("run {}: archive {} refused: {}", run.runId(), JobRecord.shortId(item.archiveId()), e.getMessage());
            return Outcome.SETTLED;
        } catch (AwsServiceException | SdkClientException e) {
            if (e instanceof AwsServiceException a && !a.isThrottlingException() && a.statusCode() < 500) {
                runs.mark(run.runId(), item.archiveId(), RunItem.QUEUED, RunItem.FAILED, e.getMessage());
                return Outcome.SETTLED;
            }
            Duration wait = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(backoffs++, 10)));
            backoffUntil = clock.instant().plus(wait);
            permits = 0;
            LOG.warn("run {}: Glacier pushed back ({}); next start in {} ms", run.runId(), e.getMessage(), wait.toMillis());
            return Outcome.STOP;
        }
    }

    private JobRecord latestJob(String vault, String archiveId) {
        return runs.single("select job_id from thaw_job where vault = ? and archive_id = ? and action = 'ArchiveRetrieval'"
                        + " and byte_range is null order by id desc", rs -> rs.getString(1), vault, archiveId)
                .flatMap(store::find).orElse(null);
    }
}
