package io.thaw.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.thaw.glacier.JobRefused;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs, their inventory pages and their archives, in the job store's database (tables of migration
 * V3). Every state change is a conditional update, so a restart or a second instance cannot start an
 * archive twice.
 */
public final class RunStore {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String RUN_COLS = "run_id, vault, account, tier, destination, selection, request_file,"
            + " request_hash, state, reason, created_at, finished_at";
    private static final String ITEM_COLS = "run_id, seq, archive_id, archive_size, tree_hash, name, state, job_id,"
            + " copy_of, reason";

    /** Names this store in errors (RunPlanner's batch statements use {@link #failure} too). */
    private static final String WHAT = "job store (runs)";

    private final DataSource ds;
    private final Sql sql;

    public RunStore(JobStore store) {
        this.ds = store.dataSource();
        this.sql = new Sql(ds, WHAT);
    }

    DataSource dataSource() {
        return ds;
    }

    // ---- runs ----

    public void create(Run r) {
        Instant now = Instant.now();
        update("insert into thaw_run (run_id, vault, account, tier, destination, selection, request_file, request_hash,"
                        + " state, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?)", r.runId(), r.vault(),
                r.account(), r.tier(), r.destination(), json(r.selection()), r.requestFile(), r.requestHash(), r.state(),
                now, now);
    }

    public Optional<Run> run(String runId) {
        List<Run> l = runs("select " + RUN_COLS + " from thaw_run where run_id = ?", runId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The newest run created from this request content. */
    public Optional<Run> runByRequestHash(String hash) {
        List<Run> l = runs("select " + RUN_COLS + " from thaw_run where request_hash = ? order by created_at desc", hash);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<Run> runsIn(String state) {
        return runs("select " + RUN_COLS + " from thaw_run where state = ? order by created_at, run_id", state);
    }

    /** Moves a run on, only from the state the caller saw (so two instances cannot both do it). */
    public boolean setState(String runId, String from, String to, String reason) {
        Instant now = Instant.now();
        boolean fin = Run.DONE.equals(to) || Run.STOPPED.equals(to) || Run.DRY_RUN.equals(to);
        return update("update thaw_run set state = ?, reason = coalesce(?, reason), updated_at = ?, finished_at = ?"
                + " where run_id = ? and state = ?", to, reason, now, fin ? now : null, runId, from) == 1;
    }

    /** "RUN STATE vault tier created" per run, newest first, for `thaw status`. */
    public List<String> runLines() {
        return list("select run_id, state, vault, tier, created_at, reason from thaw_run order by created_at desc",
                rs -> String.format("%-24s %-17s %-20s %-9s %s%s", rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6) == null ? ""
                                : "  " + rs.getString(6)));
    }

    /** The newest inventory of the vault delivered to a folder (pages of runs excluded: they are partial). */
    public Optional<java.nio.file.Path> latestInventory(String vault) {
        return single("select delivered_to from thaw_job where vault = ? and action = 'InventoryRetrieval'"
                        + " and state = 'DELIVERED' and delivered_to like 'file:%' and (request_file is null"
                        + " or request_file not like 'run:%') order by delivered_at desc, id desc",
                rs -> rs.getString(1), vault).map(l -> InventoryPages.local(l, vault))
                .map(p -> {
                    if (!java.nio.file.Files.isReadable(p)) {
                        throw new JobRefused("the newest inventory of vault '" + vault + "' was delivered to " + p
                                + ", which is gone or unreadable — put it back, or set \"inventory\": \"retrieve\"", null);
                    }
                    return p;
                });
    }

    // ---- inventory pages ----

    public void addPage(String runId, int page, String jobId) {
        update("insert into thaw_run_page (run_id, page, job_id) values (?,?,?)", runId, page, jobId);
    }

    /** The run and inventory page an inventory job was started for. */
    public record PageJob(String runId, int page) {
    }

    /**
     * A run's newest inventory page: its job and, once delivered, where it lies and the marker of the
     * page after it (null when it was the last).
     */
    public record Page(int page, String jobId, String location, String nextMarker) {
    }

    /** The run and page of an inventory job started for a run, or empty (not a run's page). */
    public Optional<PageJob> pageOfJob(String jobId) {
        return single("select run_id, page from thaw_run_page where job_id = ?",
                rs -> new PageJob(rs.getString(1), rs.getInt(2)), jobId);
    }

    /** The run's newest inventory page, or empty when none was started yet. */
    public Optional<Page> lastPage(String runId) {
        return single("select page, job_id, location, next_marker from thaw_run_page where run_id = ? order by page desc",
                rs -> new Page(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)), runId);
    }

    /** Records a delivered page; false when it was recorded already (a repeated notice). */
    public boolean pageDelivered(String jobId, String location, String nextMarker) {
        return update("update thaw_run_page set location = ?, next_marker = ? where job_id = ? and location is null",
                location, nextMarker, jobId) == 1;
    }

    /** Delivered page locations of a run, in page order. */
    public List<String> pageLocations(String runId) {
        return list("select location from thaw_run_page where run_id = ? order by page", rs -> rs.getString(1), runId);
    }

    // ---- items ----

    public List<RunItem> queued(String runId, int limit) {
        return list("select " + ITEM_COLS + " from thaw_run_item where run_id = ? and state = 'QUEUED' order by seq"
                + " fetch first " + limit + " rows only", RunStore::item, runId);
    }

    public long count(String runId, String state) {
        return single("select count(*) from thaw_run_item where run_id = ? and state = ?", rs -> rs.getLong(1),
                runId, state).orElse(0L);
    }

    public boolean markStarted(String runId, String archiveId, String jobId) {
        return update("update thaw_run_item set state = 'STARTED', job_id = ?, started_at = ? where run_id = ?"
                + " and archive_id = ? and state = 'QUEUED'", jobId, Instant.now(), runId, archiveId) == 1;
    }

    public boolean mark(String runId, String archiveId, String from, String to, String reason) {
        return update("update thaw_run_item set state = ?, reason = ? where run_id = ? and archive_id = ? and state = ?",
                to, truncate(reason), runId, archiveId, from) == 1;
    }

    /**
     * Copies waiting for the output of job {@code jobId}: COPY items whose original, in the same run,
     * follows that job. Never those of another run (e.g. a dry run's, or one with another destination).
     */
    public List<RunItem> copiesOf(String jobId) {
        return list("select " + cols("i") + " from thaw_run_item i join thaw_run_item p on p.run_id = i.run_id"
                + " and p.archive_id = i.copy_of join thaw_run r on r.run_id = i.run_id where p.job_id = ?"
                + " and i.state = 'COPY' and r.state <> 'DRY_RUN'", RunStore::item, jobId);
    }

    public boolean markCopied(String runId, String archiveId, String location) {
        return update("update thaw_run_item set state = 'COPIED', delivered_to = ?, reason = null where run_id = ?"
                + " and archive_id = ? and state = 'COPY'", location, runId, archiveId) == 1;
    }

    /** Bytes of archives whose jobs started after {@code since} (the rolling bytes-per-day window). */
    public long bytesStartedSince(Instant since) {
        return single("select coalesce(sum(archive_size), 0) from thaw_run_item where started_at > ?",
                rs -> rs.getLong(1), since).orElse(0L);
    }

    /** Jobs and bytes in flight (archive jobs of runs started, not delivered or failed); staged = output waiting. */
    public record InFlight(long jobs, long bytes, long staged) {
    }

    /**
     * What the window rule and max-in-flight look at: every archive job in flight, with the size of its
     * run item (the job's own size is known only once Glacier has finished it). Walks the in-flight jobs
     * by the job-state index, so it costs what is in flight, not what the store holds.
     */
    public InFlight inFlightSnapshot() {
        long[] t = new long[3];
        list("select j.state, count(*), coalesce(sum(coalesce(j.archive_size, i.archive_size)), 0) from thaw_job j"
                + " left join thaw_run_item i on i.job_id = j.job_id and i.state = 'STARTED'"
                + " where j.action = 'ArchiveRetrieval' and j.state in ('REQUESTED', 'STAGED', 'DOWNLOADING')"
                + " group by j.state", rs -> {
                    t[0] += rs.getLong(2);
                    t[1] += rs.getLong(3);
                    if (!"REQUESTED".equals(rs.getString(1))) {
                        t[2] += rs.getLong(2);
                    }
                    return null;
                });
        return new InFlight(t[0], t[1], t[2]);
    }

    /** {jobs, bytes} this run has started (what its budget has paid for). */
    public long[] started(String runId) {
        return single("select count(*), coalesce(sum(archive_size), 0) from thaw_run_item where run_id = ?"
                + " and job_id is not null", rs -> new long[] {rs.getLong(1), rs.getLong(2)}, runId)
                .orElse(new long[2]);
    }

    /** What is still queued in a run: what submission checks against the caps. */
    public record Queued(long archives, long bytes, long largest, long smallest) {
    }

    public Queued queuedStats(String runId) {
        return single("select count(*), coalesce(sum(archive_size), 0), coalesce(max(archive_size), 0),"
                + " coalesce(min(archive_size), 0) from thaw_run_item where run_id = ? and state = 'QUEUED'",
                rs -> new Queued(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), runId)
                .orElse(new Queued(0, 0, 0, 0));
    }

    /** Archive jobs started and neither delivered nor failed: what max-in-flight caps. */
    public long inFlight() {
        return single("select count(*) from thaw_job where action = 'ArchiveRetrieval'"
                + " and state in ('REQUESTED', 'STAGED', 'DOWNLOADING')", rs -> rs.getLong(1)).orElse(0L);
    }

    // ---- plumbing ----

    @FunctionalInterface
    interface Row<T> extends Sql.Row<T> {
    }

    int update(String statement, Object... args) {
        return sql.update(statement, args);
    }

    <T> List<T> list(String statement, Row<T> row, Object... args) {
        return sql.list(statement, row, args);
    }

    <T> Optional<T> single(String statement, Row<T> row, Object... args) {
        return sql.single(statement, row, args);
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        Sql.bind(ps, args);
    }

    static String cols(String alias) {
        return alias + "." + ITEM_COLS.replace(", ", ", " + alias + ".");
    }

    static RunItem item(ResultSet rs) throws SQLException {
        return new RunItem(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    private List<Run> runs(String sql, Object... args) {
        return list(sql, rs -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), selection(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getTimestamp(11).toInstant(),
                rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant()), args);
    }

    private static String json(Selection s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Selection selection(String json) {
        try {
            return JSON.readValue(json, Selection.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("run selection unreadable: " + e.getMessage(), e);
        }
    }

    static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    static IllegalStateException failure(SQLException e) {
        return new IllegalStateException(WHAT + ": " + e.getMessage(), e);
    }
}
