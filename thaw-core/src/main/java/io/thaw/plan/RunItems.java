package io.thaw.plan;

import io.thaw.store.IndexKeys;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import io.thaw.store.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The archives of runs (table thaw_run_item of migration V3) and the jobs that follow them: what is
 * queued, what starts, what the pace and the budget see in flight, what a report counts. Every state
 * change is a conditional update, so a restart or a second instance cannot start an archive twice.
 */
public final class RunItems {

    private static final String ITEM_COLS = "run_id, seq, archive_id, archive_size, tree_hash, name, state, job_id,"
            + " copy_of, reason";
    private static final String IN_FLIGHT = "('REQUESTED', 'STAGED', 'DOWNLOADING')";

    private final DataSource ds;
    private final Sql sql;

    public RunItems(JobStore store) {
        this.ds = store.dataSource();
        this.sql = new Sql(ds, "job store (run items)");
    }

    /** Writes a run's items in one transaction, for {@link RunPlanner}; commit it, or closing rolls it back. */
    RunItemBatch batch(Run run) {
        return new RunItemBatch(ds, sql, run);
    }

    /**
     * The next items to start, in queue order. The order names the index's leading columns too: with
     * "order by seq" alone H2 read and sorted every queued item of the run on each pacer tick (100,000 rows
     * for 200), not the first 200 of the index thaw_run_item_queue.
     */
    public List<RunItem> queued(String runId, int limit) {
        return sql.list("select " + ITEM_COLS + " from thaw_run_item where run_id = ? and state = 'QUEUED'"
                + " order by run_id, state, seq"
                + " fetch first " + limit + " rows only", RunItems::item, runId);
    }

    public long count(String runId, String state) {
        return sql.single("select count(*) from thaw_run_item where run_id = ? and state = ?", rs -> rs.getLong(1),
                runId, state).orElse(0L);
    }

    /** A transaction on this thread that the store's statements join until it is closed ({@link Sql#begin()}). */
    public Transaction begin() {
        return sql.begin();
    }

    /** Items are named by their place in the run's queue (the table's key, V7), not by archive id. */
    /**
     * The item now follows job {@code jobId}, whose record names {@code jobRequestFile}. A job another request
     * or run started is noted in thaw_run_follow: the run's report counts the jobs that name the run
     * ({@link Run#requestFile}) from the job-state index, and those few followed jobs beside them.
     */
    public boolean markStarted(RunItem item, String jobId, String jobRequestFile) {
        Runnable follow = Run.requestFile(item.runId()).equals(jobRequestFile) ? null
                : () -> sql.update("insert into thaw_run_follow (run_id, seq, job_id, archive_size) values (?, ?, ?, ?)",
                        item.runId(), item.seq(), jobId, item.size());
        return change(item, RunItem.QUEUED, RunItem.STARTED, follow, "update thaw_run_item set state = 'STARTED',"
                + " job_id = ?, started_at = ? where run_id = ? and seq = ? and state = 'QUEUED'", jobId, Instant.now(),
                item.runId(), item.seq());
    }

    public boolean mark(RunItem item, String from, String to, String reason) {
        return change(item, from, to, null, "update thaw_run_item set state = ?, reason = ? where run_id = ? and seq = ?"
                + " and state = ?", to, Sql.truncate(reason), item.runId(), item.seq(), from);
    }

    /**
     * Copies waiting for the output of job {@code jobId}: COPY items whose original, in the same run,
     * follows that job. Never those of another run (e.g. a dry run's, or one with another destination).
     */
    public List<RunItem> copiesOf(String jobId) {
        return sql.list("select " + cols("i") + " from thaw_run_item i join thaw_run_item p on p.run_id = i.run_id"
                + " and p.archive_id = i.copy_of join thaw_run r on r.run_id = i.run_id where p.job_id = ?"
                + " and i.state = 'COPY' and r.state <> 'DRY_RUN'", RunItems::item, jobId);
    }

    /** A copy written: its content is indexed from now on (copied_tree_hash), for a later run's skip. */
    public boolean markCopied(RunItem copy, String location) {
        return change(copy, RunItem.COPY, RunItem.COPIED, null, "update thaw_run_item set state = 'COPIED', delivered_to = ?,"
                + " reason = null, copied_tree_hash = tree_hash where run_id = ? and seq = ? and state = 'COPY'", location,
                copy.runId(), copy.seq());
    }

    /** Copies whose original was never delivered fail with that reason (the run is closing); answers how many. */
    int failOrphanCopies(String runId) {
        int failed = 0;
        for (RunItem copy : sql.list("select " + ITEM_COLS + " from thaw_run_item where run_id = ? and state = 'COPY'"
                + " order by run_id, state, seq", RunItems::item, runId)) {
            failed += mark(copy, RunItem.COPY, RunItem.FAILED, "not written: the archive with the same content ("
                    + copy.copyOf() + ") was not delivered") ? 1 : 0;
        }
        return failed;
    }

    /**
     * A state change of one item (a conditional update: true if it applied) and its move in the run's tally,
     * in one transaction: this thread's when one is open (the tally is written at its commit), else its own.
     */
    private boolean change(RunItem item, String from, String to, Runnable alsoIfChanged, String update, Object... args) {
        Transaction open = Transaction.current(ds);
        if (open != null) {
            return change(open, item, from, to, alsoIfChanged, update, args);
        }
        try (Transaction own = sql.begin()) {
            return change(own, item, from, to, alsoIfChanged, update, args);
        }
    }

    private boolean change(Transaction t, RunItem item, String from, String to, Runnable alsoIfChanged, String update,
                           Object... args) {
        boolean changed = sql.update(update, args) == 1;
        if (changed) {
            if (alsoIfChanged != null) {
                alsoIfChanged.run();
            }
            t.beforeCommit(RunTally.class, RunTally::new).move(item, from, to);
        }
        return changed;
    }

    /**
     * Archive jobs of this run neither delivered nor failed: the finisher asks once its queue is empty, and a
     * big run has hundreds of thousands of started items, so it reads what is in flight, not the run's items.
     */
    long liveJobs(String runId) {
        return notDelivered(runId, false).values().stream().mapToLong(t -> t[0]).sum();
    }

    /** The newest whole-archive job of an archive: its id, state, (delivered) location and who asked for it. */
    record LatestJob(String jobId, JobState state, String deliveredTo, String requestFile) {
    }

    /** The newest whole-archive job of this archive, in one statement (the pacer asks once per start). */
    Optional<LatestJob> latestJob(String vault, String archiveId) {
        return sql.single("select job_id, state, delivered_to, request_file from thaw_job where vault = ? and archive_key = ?"
                        + " and archive_id = ? and action = 'ArchiveRetrieval' and byte_range is null order by id desc"
                        + " fetch first 1 rows only",
                rs -> new LatestJob(rs.getString(1), JobState.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4)),
                vault, IndexKeys.of(archiveId), archiveId);
    }

    /** {archives, bytes} of a run per item state, from its tally (six rows whatever the run's size). */
    Map<String, long[]> tally(String runId) {
        return RunTally.of(sql, runId);
    }

    /** The run's STARTED items whose job is not delivered, per job state: {archives, bytes}; the rest are delivered. */
    Map<String, long[]> startedNotDelivered(String runId) {
        return notDelivered(runId, true);
    }

    /**
     * Per job state, {archives, bytes} of the run's STARTED items whose job is in flight (and failed, if
     * asked). The jobs the run started name it ({@link Run#requestFile}) and carry their size: they are
     * counted from the job-state index alone, whatever the store holds. An EXPIRED one is skipped: the job
     * that re-requested it names the run too and is counted instead. Items that follow a job another
     * request or run started (thaw_run_follow, usually none) are counted by that job's state.
     */
    private Map<String, long[]> notDelivered(String runId, boolean failed) {
        Map<String, long[]> out = new HashMap<>();
        String own = failed ? "('REQUESTED', 'STAGED', 'DOWNLOADING', 'FAILED')" : IN_FLIGHT;
        String followed = failed ? "('REQUESTED', 'STAGED', 'DOWNLOADING', 'EXPIRED', 'FAILED')"
                : "('REQUESTED', 'STAGED', 'DOWNLOADING', 'EXPIRED')";
        Sql.Row<Void> add = rs -> {
            out.merge(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            return null;
        };
        // coalesce(request_file, ''): as a plain comparison H2 took it for an index condition and read the row of
        // every job in flight (1.8 s instead of 0.4 s cold at 49,000); compared on the index entry, it reads none
        sql.list("select state, count(*), coalesce(sum(archive_size), 0) from thaw_job where action = 'ArchiveRetrieval'"
                + " and state in " + own + " and coalesce(request_file, '') = ? group by state", add, Run.requestFile(runId));
        sql.list("select j.state, count(*), coalesce(sum(f.archive_size), 0) from thaw_run_follow f join thaw_job j"
                + " on j.job_id = f.job_id where f.run_id = ? and j.state in " + followed + " group by j.state", add, runId);
        return out;
    }

    /**
     * Why a run's archives failed, the most frequent reason first: items that failed (the queue index) and
     * STARTED items whose job failed (the job-state index; the run is tested in the sum: in the where
     * clause H2 walked the run's started items instead), never a walk of all the run's items.
     */
    List<RunReport.Reason> failureReasons(String runId) {
        Map<String, Long> byReason = new HashMap<>();
        sql.list("select coalesce(reason, 'no reason recorded'), count(*) from thaw_run_item where run_id = ?"
                + " and state = 'FAILED' group by coalesce(reason, 'no reason recorded')",
                rs -> byReason.merge(rs.getString(1), rs.getLong(2), Long::sum), runId);
        sql.list("select coalesce(i.reason, j.error, 'no reason recorded'), sum(case when i.run_id = ? then 1 else 0 end)"
                + " from thaw_job j join thaw_run_item i on i.job_id = j.job_id and i.state = 'STARTED'"
                + " where j.action = 'ArchiveRetrieval' and j.state = 'FAILED'"
                + " group by coalesce(i.reason, j.error, 'no reason recorded')",
                rs -> byReason.merge(rs.getString(1), rs.getLong(2), Long::sum), runId);
        return byReason.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new RunReport.Reason(e.getKey(), e.getValue())).toList();
    }

    /** Whether a run still has archives to start: the first of its queue, not a count of it (1 s at 1,000,000). */
    boolean anyQueued(String runId) {
        return sql.single("select seq from thaw_run_item where run_id = ? and state = 'QUEUED' order by run_id, state, seq"
                + " fetch first 1 rows only", rs -> rs.getLong(1), runId).isPresent();
    }

    /** Bytes of archives whose jobs started after {@code since} (the rolling bytes-per-day window). */
    public long bytesStartedSince(Instant since) {
        return sql.single("select coalesce(sum(archive_size), 0) from thaw_run_item where started_at > ?",
                rs -> rs.getLong(1), since).orElse(0L);
    }

    /** Jobs and bytes in flight (archive jobs of runs started, not delivered or failed); staged = output waiting. */
    public record InFlight(long jobs, long bytes, long staged) {
    }

    /**
     * What the window rule and max-in-flight look at: every archive job in flight, and its size. A job a run
     * started carries the inventory's size from the start (V10), so this reads the job-state index alone,
     * where it used to look up each job's run item (49,000 look-ups at 49,000 in flight). A job only a
     * followed item knows the size of (thaw_run_follow; another request's, not finished yet) adds that size.
     */
    public InFlight inFlightSnapshot() {
        long[] t = new long[3];
        sql.list("select state, count(*), coalesce(sum(archive_size), 0) from thaw_job where action = 'ArchiveRetrieval'"
                + " and state in " + IN_FLIGHT + " group by state", rs -> {
                    t[0] += rs.getLong(2);
                    t[1] += rs.getLong(3);
                    if (!"REQUESTED".equals(rs.getString(1))) {
                        t[2] += rs.getLong(2);
                    }
                    return null;
                });
        t[1] += sql.single("select coalesce(sum(s), 0) from (select max(f.archive_size) s from thaw_run_follow f join"
                + " thaw_job j on j.job_id = f.job_id where j.archive_size is null and j.state in " + IN_FLIGHT
                + " group by f.job_id) followed", rs -> rs.getLong(1)).orElse(0L);
        return new InFlight(t[0], t[1], t[2]);
    }

    /** Jobs and bytes a run has started: what its budget has paid for. */
    public record Started(long jobs, long bytes) {
    }

    /**
     * From the run's tally: an item gets a job only by moving to STARTED, and never leaves it (counting the
     * items took 2.2-3.6 s on H2 at 1,000,000).
     */
    public Started started(String runId) {
        long[] t = tally(runId).get(RunItem.STARTED);
        return new Started(t[0], t[1]);
    }

    /** What is still queued in a run: what submission checks against the caps. */
    public record Queued(long archives, long bytes, long largest, long smallest) {
    }

    public Queued queuedStats(String runId) {
        return sql.single("select count(*), coalesce(sum(archive_size), 0), coalesce(max(archive_size), 0),"
                + " coalesce(min(archive_size), 0) from thaw_run_item where run_id = ? and state = 'QUEUED'",
                rs -> new Queued(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), runId)
                .orElse(new Queued(0, 0, 0, 0));
    }

    /** Archive jobs started and neither delivered nor failed: what max-in-flight caps. */
    public long inFlight() {
        return sql.single("select count(*) from thaw_job where action = 'ArchiveRetrieval' and state in " + IN_FLIGHT,
                rs -> rs.getLong(1)).orElse(0L);
    }

    private static String cols(String alias) {
        return alias + "." + ITEM_COLS.replace(", ", ", " + alias + ".");
    }

    private static RunItem item(ResultSet rs) throws SQLException {
        return new RunItem(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }
}
