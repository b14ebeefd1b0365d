import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.plan.Run;
import io.thaw.plan.RunItems;
import io.thaw.plan.RunPlanner;
import io.thaw.plan.RunReport;
import io.thaw.plan.RunStore;
import io.thaw.plan.Selection;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Scale of the run store (issue 15): queues a run of every archive of an inventory (what a {@code "select"}
 * request does: RunPlanner's two streaming passes, RunItemBatch's batched inserts, then the caps check's
 * queuedStats) into a fresh H2 file store (thaw's URL: WRITE_DELAY=0, MAX_COMPACT_TIME=0) or an embedded
 * PostgreSQL, then times what is asked of a big run afterwards: `thaw status --report RUN` (RunReport.of),
 * and the pacer's and budget's statements. The first half of the queue is then moved to STARTED with a job
 * each (one in ten in flight, the rest delivered: what the report walks is what is not delivered) and the
 * report timed again. Prints one "store scale:" line, and the query plans of the report's statements. Not
 * part of the test suite.
 *
 * Run: bench/run-store-scale.sh  (or: java -cp CP bench/StoreScaleBench.java h2|pg INVENTORY.json)
 */
public class StoreScaleBench {

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path inventory = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work", "target/bench-work"))
                .resolve("store-scale-" + kind + "-" + System.nanoTime()));
        EmbeddedPostgres pg = kind.equals("pg") ? EmbeddedPostgres.builder().start() : null;
        String url = pg != null ? pg.getJdbcUrl("postgres", "postgres")
                : "jdbc:h2:file:" + work.resolve("db").toAbsolutePath() + System.getProperty("bench.h2.options", "");
        // bench.h2.options=";WRITE_DELAY=500" (diagnostic only): H2 without a store write per commit
        try (JobStore store = JobStore.open(url, pg != null ? "postgres" : null, pg != null ? "postgres" : null)) {
            RunStore runs = new RunStore(store);
            RunItems items = new RunItems(store);
            Run run = new Run("R-bench-" + kind, "bench", "-", "Bulk", "file:" + work.resolve("out"), Selection.all(),
                    null, null, Run.WAITING_INVENTORY, null, Instant.now(), null);
            runs.create(run);
            RunPlanner planner = new RunPlanner(items, new ArchiveNamer(NameOverrides.none()),
                    new io.thaw.deliver.Destinations(io.thaw.ThawConfig.of(key -> null, java.util.Set::of), null));
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            long queued = planner.plan(run, List.of(inventory));
            RunItems.Queued q = items.queuedStats(run.runId());
            runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.RUNNING, null);
            double queueS = (System.nanoTime() - t0) / 1e9;
            double queueCpu = (cpu() - cpu0) / 1e9;
            long heapAfterQueue = heapUsedAfterGc();
            Sql sql = new Sql(store.dataSource(), "bench");
            long rows = sql.single("select count(*) from thaw_run_item", rs -> rs.getLong(1)).orElse(0L);

            double[] report = new double[3];
            for (int i = 0; i < report.length; i++) {
                report[i] = time(() -> RunReport.of(runs, items, run.runId()).toString());
            }
            double pacerQueued = time(() -> items.queued(run.runId(), 200));
            double budget = time(() -> items.started(run.runId()));
            double window = time(() -> items.bytesStartedSince(Instant.now().minusSeconds(86_400)));
            double inFlight = time(items::inFlightSnapshot);

            // The first half of the queue started: one job in ten still REQUESTED (in flight), the rest DELIVERED;
            // the run's tally counted again (the pacer moves it with each start).
            boolean half = Boolean.parseBoolean(System.getProperty("bench.half", "true"));
            double startHalf = !half ? 0 : time(() -> {
                Instant now = Instant.now();
                sql.update("update thaw_run_item set state = 'STARTED', job_id = 'J' || seq, started_at = ? where run_id = ?"
                        + " and seq < ? and state = 'QUEUED'", now, run.runId(), rows / 2);
                // as the pacer records them: the job names its run and carries the inventory's size (V10); its index keys
                // (V11, V12) are left null: neither the report nor the pacer's walks read them
                sql.update("insert into thaw_job (job_id, vault, account, action, archive_id, tier, destination, state,"
                        + " created_at, updated_at, request_file, archive_size) select job_id, 'bench', '-', 'ArchiveRetrieval',"
                        + " archive_id, 'Bulk', 'file:/out', case when mod(seq, 10) = 0 then 'REQUESTED' else 'DELIVERED' end,"
                        + " ?, ?, 'run:' || run_id, archive_size from thaw_run_item where run_id = ? and state = 'STARTED'",
                        now, now, run.runId());
                sql.update("update thaw_run_tally set archives = (select count(*) from thaw_run_item i where i.run_id ="
                        + " thaw_run_tally.run_id and i.state = thaw_run_tally.state), bytes = (select coalesce(sum("
                        + "archive_size), 0) from thaw_run_item i where i.run_id = thaw_run_tally.run_id and i.state ="
                        + " thaw_run_tally.state) where run_id = ?", run.runId());
                return null;
            });
            double[] reportHalf = new double[3];
            String text = null;
            for (int i = 0; i < reportHalf.length; i++) {
                long s = System.nanoTime();
                text = RunReport.of(runs, items, run.runId()).toString();
                reportHalf[i] = (System.nanoTime() - s) / 1e9;
            }
            double budgetHalf = time(() -> items.started(run.runId()));
            double windowHalf = time(() -> items.bytesStartedSince(Instant.now().minusSeconds(86_400)));
            double pacerQueuedHalf = time(() -> items.queued(run.runId(), 200));

            System.out.println(text);
            for (String stmt : List.of(
                    "select state, count(*), coalesce(sum(archive_size), 0) from thaw_job where action = 'ArchiveRetrieval'"
                            + " and state in ('REQUESTED', 'STAGED', 'DOWNLOADING', 'FAILED') and coalesce(request_file, '') = 'run:"
                            + run.runId() + "' group by state",
                    "select count(*), coalesce(sum(archive_size), 0) from thaw_run_item where run_id = '" + run.runId()
                            + "' and job_id is not null",
                    "select run_id, seq from thaw_run_item where run_id = '" + run.runId()
                            + "' and state = 'QUEUED' order by run_id, state, seq fetch first 200 rows only")) {
                System.out.println("plan of: " + stmt);
                sql.list((pg != null ? "explain analyze " : "explain analyze ") + stmt, rs -> {
                    System.out.println("    " + rs.getString(1).replace("\n", "\n    "));
                    return null;
                });
            }
            long dbBytes = pg != null ? sql.single("select pg_database_size('postgres')", rs -> rs.getLong(1)).orElse(0L)
                    : Files.size(work.resolve("db.mv.db"));
            System.out.println("store url: " + url + " run " + run.runId());
            System.out.printf(java.util.Locale.ROOT, "store scale: store %s, %d items (%d queued, %d in queuedStats), queue %.1f s"
                            + " (%.1f CPU-s in this JVM), report %.2f/%.2f/%.2f s, half started: update %.1f s, report"
                            + " %.2f/%.2f/%.2f s; pacer next-200 %.3f/%.3f s, budget tally %.3f/%.3f s, bytes-per-day"
                            + " window %.3f/%.3f s, in-flight %.3f s; heap after queuing (after GC) %d MB, peak RSS %d MB,"
                            + " store %d MB%n",
                    kind, rows, queued, q.archives(), queueS, queueCpu, report[0], report[1], report[2], startHalf,
                    reportHalf[0], reportHalf[1], reportHalf[2], pacerQueued, pacerQueuedHalf, budget, budgetHalf,
                    window, windowHalf, inFlight, heapAfterQueue >> 20, peakRssKb() >> 10, dbBytes >> 20);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    interface Step {
        Object run() throws Exception;
    }

    static double time(Step s) throws Exception {
        long t = System.nanoTime();
        s.run();
        return (System.nanoTime() - t) / 1e9;
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long peakRssKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
