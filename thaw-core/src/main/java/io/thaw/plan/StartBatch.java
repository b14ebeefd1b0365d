package io.thaw.plan;

import io.thaw.glacier.JobStarter;
import io.thaw.store.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one pass of the pacer changes in the store, written in one short transaction: the jobs Glacier accepted
 * and the run items that follow them, items skipped or failed. The InitiateJob calls are made with no transaction
 * open. On H2 an open transaction's index entries are written to the file by every other thread's commit and
 * again at its own: with the pacer's transaction open across 20 calls, a 10,000-archive run wrote 13–26 % more
 * pages (docs/benchmarks.md, session 21).
 * <p>
 * A batch is written every {@link #WRITE_EVERY} starts, {@link #WRITE_WITHIN} after its first, after an adopting
 * start, and before the pacer reads the queue again or stops a run. A notice cannot find its job before then
 * (it waits and is received again), and a crash can leave up to a batch of accepted jobs unrecorded: the
 * adopting starter finds them after the restart (ListJobs).
 */
final class StartBatch {

    /**
     * About one pacer tick's starts (200 ms at 300 jobs/s is 60): each commit writes the pages of five indexes,
     * mostly different leaves per job, and the upper pages and H2's chunk record once. 100 starts or 200 ms
     * against 20 or 50 ms cut thaw's CPU in a 10,000-archive run by 5–12 % in two alternated pairs
     * (docs/benchmarks.md, session 23).
     */
    static final int WRITE_EVERY = 100;
    static final Duration WRITE_WITHIN = Duration.ofMillis(200);

    private final RunItems items;
    private final Runnable onWriteFailure;
    private final List<Runnable> writes = new ArrayList<>();
    private int starts;
    private long firstAt;

    /** @param onWriteFailure told when writing a batch failed (its accepted jobs may be unrecorded) */
    StartBatch(RunItems items, Runnable onWriteFailure) {
        this.items = items;
        this.onWriteFailure = onWriteFailure;
    }

    /** A change to write with the batch (an item skipped or failed). */
    void add(Runnable write) {
        if (writes.isEmpty()) {
            firstAt = System.nanoTime();
        }
        writes.add(write);
    }

    /** A job {@code via} began for {@code item}: recorded (if new) with the item's start; written now when due. */
    void started(JobStarter via, JobStarter.Begun job, RunItem item, boolean adopting) {
        add(() -> {
            if (job.unrecorded() != null) {
                via.record(job.unrecorded());
            }
            items.markStarted(item, job.jobId(), job.requestFile());
        });
        if (adopting || ++starts >= WRITE_EVERY || System.nanoTime() - firstAt >= WRITE_WITHIN.toNanos()) {
            write();
        }
    }

    /**
     * Writes what has been added, in one transaction. If a write fails, the rest are dropped (their items stay
     * queued) and the transaction commits what the database kept of the ones before it ({@link Transaction} commits
     * when closed; on H2 the earlier statements stand, on PostgreSQL a failed statement voids the transaction).
     */
    void write() {
        if (writes.isEmpty()) {
            return;
        }
        List<Runnable> due = List.copyOf(writes);
        writes.clear();
        starts = 0;
        try (Transaction tx = items.begin()) {
            due.forEach(Runnable::run);
        } catch (RuntimeException e) {
            onWriteFailure.run();
            throw e;
        }
    }
}
