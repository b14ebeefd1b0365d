package io.thaw.plan;

import io.thaw.glacier.JobRefused;
import io.thaw.glacier.JobStarter;
import io.thaw.metrics.ThawMetrics;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.model.JobParameters;
import software.amazon.awssdk.services.glacier.model.PolicyEnforcedException;

/**
 * Starts the queued archives of running runs. Called on every tick of the run-pacer timer route (one
 * thread). The start rate adapts to Glacier ({@link AdaptiveRate}), the bytes in flight to what can be
 * downloaded inside the output window ({@link WindowRule}); the operator's caps (jobs per second; bytes
 * per rolling day and jobs in flight, checked by {@link StartLimits}; budget) bound both. A run whose next
 * archive would pass its budget is stopped with that reason; a refusal by the vault's data retrieval
 * policy likewise. Every start is checked against the store first, so an archive whose job exists
 * (started before a restart) is not started again.
 */
public final class RunPacer {

    private static final Logger LOG = LoggerFactory.getLogger(RunPacer.class);
    private static final int BATCH = 500;

    private final RunStore runs;
    private final RunItems items;
    private final JobStarter starter;
    /** Also adopts jobs Glacier lists but the store lacks; used for the first starts after a (re)start only. */
    private final JobStarter adopting;
    private int adoptingLeft;
    private final Pace pace;
    private final Clock clock;
    private final RunFinisher finisher;
    private final RunBudget budget;
    private final AdaptiveRate rate;
    private final StartLimits limits;
    private Instant finishCheckedAt = Instant.MIN;
    private Duration finishEvery = StartLimits.SNAPSHOT_EVERY;
    private final Map<String, String> pausedBy = new HashMap<>();

    public RunPacer(RunStore runs, RunItems items, JobStarter starter, Pace pace, Clock clock, RunFinisher finisher) {
        this(runs, items, starter, pace, clock, finisher, RateTable.defaults(), ThawMetrics::deliveredTotal);
    }

    /** A pacer that starts every job through {@code starter}. */
    public RunPacer(RunStore runs, RunItems items, JobStarter starter, Pace pace, Clock clock, RunFinisher finisher,
                    RateTable rates, LongSupplier delivered) {
        this(runs, items, starter, pace, clock, finisher, rates, delivered, starter, 0);
    }

    /**
     * @param items     the runs' archives: the queue, what is in flight, the jobs that exist already
     * @param rates     prices for the budget
     * @param delivered bytes delivered so far by this process, to measure the download rate
     * @param adopting  starts the first {@code adoptingStarts} jobs after this process started: it lists the
     *                  vault's jobs (ListJobs) to adopt one Glacier accepted just before a crash. Only the head
     *                  of a queue can be in that state; listing a vault of a million jobs every minute for
     *                  every later start would cost more than it could save.
     */
    public RunPacer(RunStore runs, RunItems items, JobStarter starter, Pace pace, Clock clock, RunFinisher finisher,
                    RateTable rates, LongSupplier delivered, JobStarter adopting, int adoptingStarts) {
        this.runs = runs;
        this.items = items;
        this.starter = starter;
        this.pace = pace;
        this.clock = clock;
        this.finisher = finisher;
        this.budget = new RunBudget(items, rates, pace);
        this.rate = new AdaptiveRate(pace.startRate(), pace.jobsPerSecond());
        this.limits = new StartLimits(items, pace, delivered);
        this.adopting = adopting;
        this.adoptingLeft = adoptingStarts;
    }

    /** Starts what the pace allows now; answers how many jobs it started. */
    public synchronized int tick() {
        Instant now = clock.instant();
        List<Run> running = runs.runsIn(Run.RUNNING);
        if (running.isEmpty()) {
            return 0;
        }
        limits.refresh(now);
        // About once a second is soon enough to close a run; less often when the check is costly (its count of
        // live jobs walks what is in flight), as for the limits' totals.
        boolean checkFinished = !now.isBefore(finishCheckedAt.plus(finishEvery));
        long finishCost = 0;
        int started = 0;
        for (Run run : running) {
            started += startSome(run, now);
            if (checkFinished) {
                long t0 = System.nanoTime();
                finisher.finishIfComplete(run);
                finishCost += System.nanoTime() - t0;
            }
        }
        if (checkFinished) {
            finishCheckedAt = now;
            finishEvery = StartLimits.readEvery(Duration.ofNanos(finishCost));
        }
        return started;
    }

    /** The current start rate in jobs per second (adaptive, within the cap). */
    public synchronized double rate() {
        return rate.rate();
    }

    /** The download rate the window rule uses, bytes per second. */
    public synchronized double downloadRate() {
        return limits.downloadRate();
    }

    /** Bytes the window rule lets be in flight now. */
    public synchronized long allowedInFlightBytes() {
        return limits.allowedInFlightBytes();
    }

    /** Which limit holds a run back now, or null when it is not held back. */
    public synchronized String pausedBy(String runId) {
        return pausedBy.get(runId);
    }

    /**
     * One pass over a run's queue. Its store changes are written in batches ({@link StartBatch}): a commit per
     * job and per run item was most of the pacer's CPU, and a transaction held open across the InitiateJob
     * calls had H2 write its index entries several times. What Glacier accepted is written even when a later
     * start fails; if the write itself fails, the next starts adopt the unrecorded jobs (ListJobs) rather than
     * pay for them twice.
     */
    private int startSome(Run run, Instant now) {
        StartBatch batch = new StartBatch(items, () -> adoptingLeft = Math.max(adoptingLeft, StartBatch.WRITE_EVERY));
        RuntimeException failed = null;
        try {
            return startQueued(run, now, batch);
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        } finally {
            try {
                batch.write();
            } catch (RuntimeException e) {
                if (failed == null) {
                    throw e;
                }
                failed.addSuppressed(e);
            }
        }
    }

    private int startQueued(Run run, Instant now, StartBatch batch) {
        int started = 0;
        while (true) {
            int permits = rate.permits(now);
            if (permits < 1) {
                return started;
            }
            batch.write(); // the queue read next must not answer items already started
            List<RunItem> queued = items.queued(run.runId(), Math.min(BATCH, permits));
            if (queued.isEmpty()) {
                return started;
            }
            for (RunItem item : queued) {
                if (rate.permits(now) < 1) {
                    return started;
                }
                String limit = limits.limitFor(item);
                if (limit != null) {
                    pause(run, limit);
                    return started;
                }
                if (budget.exceededBy(run, item) != null) {
                    batch.write(); // the reason's count of archives not started, and the report, read the store
                    stop(run, budget.exceededBy(run, item));
                    return started;
                }
                Outcome o = start(run, item, batch);
                if (o == Outcome.STARTED) {
                    started++;
                    rate.accepted();
                    budget.add(run, item);
                    limits.started(item);
                    pause(run, null);
                } else if (o == Outcome.STOP) {
                    return started;
                }
            }
        }
    }

    private void pause(Run run, String limit) {
        String was = limit == null ? pausedBy.remove(run.runId()) : pausedBy.put(run.runId(), limit);
        if (limit != null && !limit.equals(was)) {
            LOG.info("run {}: starts wait for {}", run.runId(), limit);
        }
    }

    private void stop(Run run, String reason) {
        if (runs.setState(run.runId(), Run.RUNNING, Run.STOPPED, reason)) {
            LOG.warn("run {} on vault '{}' stopped: {}", run.runId(), run.vault(), reason);
            finisher.report(run.runId());
        }
    }

    private enum Outcome { STARTED, SETTLED, STOP }

    private Outcome start(Run run, RunItem item, StartBatch batch) {
        RunItems.LatestJob existing = items.latestJob(run.vault(), item.archiveId()).orElse(null);
        if (existing != null && existing.state() == JobState.DELIVERED) {
            batch.add(() -> items.mark(item, RunItem.QUEUED, RunItem.SKIPPED, "delivered earlier: "
                    + existing.deliveredTo()));
            return Outcome.SETTLED;
        }
        if (existing != null && !existing.state().isFinal()) {
            // Started before a restart (or by another request): follow that job, do not pay twice.
            batch.add(() -> items.markStarted(item, existing.jobId(), existing.requestFile()));
            return Outcome.SETTLED;
        }
        JobParameters p = JobParameters.builder().type("archive-retrieval").archiveId(item.archiveId()).tier(run.tier())
                .description("thaw run " + run.runId()).build();
        try {
            boolean adoptingStart = adoptingLeft > 0;
            JobStarter via = adoptingStart ? adopting : starter;
            adoptingLeft = Math.max(0, adoptingLeft - 1);
            // the starter answers an active job of another request for this archive and destination if any
            JobStarter.Begun job = via.begin(run.account(), run.vault(), p, new JobStarter.Purpose(run.destination(),
                    item.name(), Run.requestFile(run.runId()), null, item.size(), item.treeHash()));
            batch.started(via, job, item, adoptingStart);
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
            batch.add(() -> items.mark(item, RunItem.QUEUED, RunItem.FAILED, e.getMessage()));
            LOG.warn("run {}: archive {} refused: {}", run.runId(), JobRecord.shortId(item.archiveId()), e.getMessage());
            return Outcome.SETTLED;
        } catch (AwsServiceException | SdkClientException e) {
            if (e instanceof AwsServiceException a && !pushBack(a)) {
                batch.add(() -> items.mark(item, RunItem.QUEUED, RunItem.FAILED, e.getMessage()));
                return Outcome.SETTLED;
            }
            rate.pushedBack();
            LOG.warn("run {}: Glacier pushed back ({}); start rate now {} jobs/s", run.runId(), e.getMessage(),
                    String.format(java.util.Locale.ROOT, "%.2f", rate.rate()));
            return Outcome.STOP;
        }
    }

    /** Throttling, a vault or account limit (LimitExceededException) or a server error: slow down, retry later. */
    static boolean pushBack(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500 || e.awsErrorDetails() != null
                && "LimitExceededException".equals(e.awsErrorDetails().errorCode());
    }
}
