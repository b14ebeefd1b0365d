package io.thaw.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.thaw.glacier.JobRefused;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs and their inventory pages, in the job store's database (tables thaw_run and thaw_run_page of
 * migration V3); their archives are {@link RunItems}. Every state change is a conditional update, so
 * two instances cannot both move a run on.
 */
public final class RunStore {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String RUN_COLS = "run_id, vault, account, tier, destination, selection, request_file,"
            + " request_hash, state, reason, created_at, finished_at";

    private final Sql sql;

    public RunStore(JobStore store) {
        this.sql = new Sql(store.dataSource(), "job store (runs)");
    }

    // ---- runs ----

    public void create(Run r) {
        Instant now = Instant.now();
        sql.update("insert into thaw_run (run_id, vault, account, tier, destination, selection, request_file, request_hash,"
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
        return sql.update("update thaw_run set state = ?, reason = coalesce(?, reason), updated_at = ?, finished_at = ?"
                + " where run_id = ? and state = ?", to, reason, now, fin ? now : null, runId, from) == 1;
    }

    /** "RUN STATE vault tier created" per run, newest first, for `thaw status`. */
    public List<String> runLines() {
        return sql.list("select run_id, state, vault, tier, created_at, reason from thaw_run order by created_at desc",
                rs -> String.format("%-24s %-17s %-20s %-9s %s%s", rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6) == null ? ""
                                : "  " + rs.getString(6)));
    }

    /** The newest inventory of the vault delivered to a folder (pages of runs excluded: they are partial). */
    public Optional<java.nio.file.Path> latestInventory(String vault) {
        return sql.single("select delivered_to from thaw_job where vault = ? and action = 'InventoryRetrieval'"
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
        sql.update("insert into thaw_run_page (run_id, page, job_id) values (?,?,?)", runId, page, jobId);
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
        return sql.single("select run_id, page from thaw_run_page where job_id = ?",
                rs -> new PageJob(rs.getString(1), rs.getInt(2)), jobId);
    }

    /** The run's newest inventory page, or empty when none was started yet. */
    public Optional<Page> lastPage(String runId) {
        return sql.single("select page, job_id, location, next_marker from thaw_run_page where run_id = ? order by page desc",
                rs -> new Page(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)), runId);
    }

    /** Records a delivered page; false when it was recorded already (a repeated notice). */
    public boolean pageDelivered(String jobId, String location, String nextMarker) {
        return sql.update("update thaw_run_page set location = ?, next_marker = ? where job_id = ? and location is null",
                location, nextMarker, jobId) == 1;
    }

    /** Delivered page locations of a run, in page order. */
    public List<String> pageLocations(String runId) {
        return sql.list("select location from thaw_run_page where run_id = ? order by page", rs -> rs.getString(1), runId);
    }

    private List<Run> runs(String statement, Object... args) {
        return sql.list(statement, rs -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
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
}
