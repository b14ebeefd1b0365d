package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.store.JobClaims;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import io.thaw.store.Sql;
import io.thaw.store.Transaction;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run's tally (V8) moves with every state change an item can make — queued, started in the pacer's
 * transaction, skipped, failed, copied, a copy queued again or failed at the end, queued again after an
 * interruption — and the report built from it equals a count of the run's items joined with their jobs
 * (the report before V8). Also with writers on several threads at once on PostgreSQL: no change lost,
 * no deadlock.
 */
class RunTallyTest {

    private static final String A = "a".repeat(64);

    @Test
    void everyStateChangeMovesTheTallyOnH2() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/tally-h2-" + System.nanoTime()));
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            everyStateChange(store, dir);
            followedAndRenewedJobs(store, dir);
        }
    }

    @Test
    void everyStateChangeMovesTheTallyOnPostgres() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/tally-pg-" + System.nanoTime()));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start();
             JobStore store = JobStore.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            everyStateChange(store, dir);
            followedAndRenewedJobs(store, dir);
            manyWritersAtOnce(store, dir);
        }
    }

    private static void everyStateChange(JobStore store, Path dir) throws Exception {
        RunStore runs = new RunStore(store);
        RunItems items = new RunItems(store);
        Run run = queue(store, dir, "R-t", "id-1,a.txt,10," + A, "id-2,b.txt,10," + A, "id-3,c.txt,30," + "c".repeat(64),
                "id-4,d.txt,40," + "d".repeat(64), "id-5,e.txt,10," + A, "id-6,f.txt,30," + "c".repeat(64),
                "id-7,g.txt,70," + "e".repeat(64));
        check(store, runs, items, "queued: four archives and three copies");
        assertFalse(new RunFinisher(runs, items, dir.resolve("reports")).finishIfComplete(run),
                "nothing is in flight, but archives are queued: the run is not finished");
        assertEquals(Run.RUNNING, runs.run("R-t").orElseThrow().state());
        List<RunItem> q = items.queued("R-t", 10);
        assertEquals(List.of("id-1", "id-3", "id-4", "id-7"), q.stream().map(RunItem::archiveId).toList());

        try (Transaction tx = items.begin()) { // as the pacer does: many starts, a commit every few
            startJob(store, items, q.get(0));
            tx.commit();
            check(store, runs, items, "one start committed, the transaction still open");
            startJob(store, items, q.get(1));
            assertTrue(items.mark(q.get(2), RunItem.QUEUED, RunItem.SKIPPED, "delivered earlier"));
        }
        check(store, runs, items, "two started, one skipped");
        assertFalse(items.markStarted(q.get(0), "job-again", "run:" + q.get(0).runId()), "a change that does not apply");
        assertTrue(items.mark(q.get(3), RunItem.QUEUED, RunItem.FAILED, "refused"));
        check(store, runs, items, "a change that did not apply moved nothing");

        List<RunItem> copiesOf1 = items.copiesOf("job-id-1");
        assertEquals(2, copiesOf1.size());
        assertTrue(items.markCopied(copiesOf1.get(0), "/out/b.txt"));
        assertTrue(items.mark(copiesOf1.get(1), RunItem.COPY, RunItem.QUEUED, null));
        store.markDelivered("job-id-1", "/out/a.txt", 10);
        store.markFailed("job-id-3", "Glacier said no");
        check(store, runs, items, "a copy written, a copy queued again, a job delivered and one failed");
        assertEquals(1, items.failOrphanCopies("R-t"), "the copy of id-3, whose job failed");
        check(store, runs, items, "the orphan copy failed");

        new RunPlanner(items, new ArchiveNamer(NameOverrides.none()), RunStorePostgresTest.NO_DESTINATIONS)
                .plan(run, List.of(inventory(dir, "again", "id-1,a.txt,10," + A, "id-9,z.txt,90," + "9".repeat(64))));
        check(store, runs, items, "queued again: the tally of the new queue only");
    }

    /**
     * The report counts a run's jobs from the job-state index (V10): an item that follows a job another
     * request started is counted by that job, and a job of the run re-requested after its window closed by
     * the job that replaced it, until both are delivered.
     */
    private static void followedAndRenewedJobs(JobStore store, Path dir) throws Exception {
        RunStore runs = new RunStore(store);
        RunItems items = new RunItems(store);
        JobClaims claims = new JobClaims(store);
        queue(store, dir, "R-f", "f-1,f1.txt,11," + "1".repeat(64), "f-2,f2.txt,22," + "2".repeat(64),
                "f-3,f3.txt,33," + "3".repeat(64));
        List<RunItem> q = items.queued("R-f", 10);
        store.insert(new NewJob("job-other", "v", "-", "ArchiveRetrieval", "f-1", "Bulk", null, null, null,
                "/inbox/.done/r.json", null, "file:/out", "f1.txt"));
        assertTrue(items.markStarted(q.get(0), "job-other", "/inbox/.done/r.json"));
        startJob(store, items, q.get(1));
        startJob(store, items, q.get(2));
        check(store, runs, items, "an item follows another request's job");
        assertEquals(66, RunReport.of(runs, items, "R-f").bytes("requested"));

        store.insert(new NewJob("job-f-2-again", "v", "-", "ArchiveRetrieval", "f-2", "Bulk", null, null, null,
                "run:R-f", null, "file:/out", "f2.txt", 22L));
        claims.linkReplacement("job-f-2-again", "job-f-2");
        assertTrue(claims.markExpired("job-f-2", "job-f-2-again", "its window closed"));
        check(store, runs, items, "a job re-requested");
        assertEquals(3, RunReport.of(runs, items, "R-f").count("requested"));
        assertEquals(3, items.liveJobs("R-f"));

        store.markDelivered("job-f-2-again", "/out/f2.txt", 22);
        store.markDelivered("job-other", "/out/f1.txt", 11);
        check(store, runs, items, "the followed and the replacing job delivered");
        assertEquals(2, RunReport.of(runs, items, "R-f").count("delivered"));
        assertEquals(1, items.liveJobs("R-f"));
    }

    /** Four threads start 40 archives each, in transactions of ten, while copies change on the main thread. */
    private static void manyWritersAtOnce(JobStore store, Path dir) throws Exception {
        RunStore runs = new RunStore(store);
        RunItems items = new RunItems(store);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            lines.add("m-" + i + ",m" + i + ".txt," + (i + 1) + "," + String.format("%064x", i));
        }
        for (int i = 0; i < 40; i++) {
            lines.add("c-" + i + ",c" + i + ".txt," + (i + 1) + "," + String.format("%064x", i));
        }
        queue(store, dir, "R-m", lines.toArray(String[]::new));
        List<RunItem> q = items.queued("R-m", 200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<RunItem> mine = q.subList(t * 40, t * 40 + 40);
                done.add(pool.submit(() -> {
                    try (Transaction tx = items.begin()) {
                        for (int i = 0; i < mine.size(); i++) {
                            startJob(store, items, mine.get(i));
                            if (i % 10 == 9) {
                                tx.commit();
                            }
                        }
                    }
                    return null;
                }));
            }
            Sql sql = new Sql(store.dataSource(), "test");
            for (RunItem copy : sql.list("select run_id, seq, archive_id, archive_size, tree_hash, name, state, job_id,"
                    + " copy_of, reason from thaw_run_item where run_id = 'R-m' and state = 'COPY'", rs -> new RunItem(
                    rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)))) {
                assertTrue(items.markCopied(copy, "/out/" + copy.name()));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        check(store, runs, items, "four writers at once and the copies");
        assertEquals(160, RunReport.of(runs, items, "R-m").count("requested"));
        assertEquals(40, RunReport.of(runs, items, "R-m").count("delivered"));
    }

    private static Run queue(JobStore store, Path dir, String runId, String... archives) throws Exception {
        RunStore runs = new RunStore(store);
        Run run = new Run(runId, "v", "-", "Bulk", "file:" + dir.resolve("out"), Selection.all(), null, null,
                Run.WAITING_INVENTORY, null, Instant.now(), null);
        runs.create(run);
        new RunPlanner(new RunItems(store), new ArchiveNamer(NameOverrides.none()), RunStorePostgresTest.NO_DESTINATIONS)
                .plan(run, List.of(inventory(dir, runId, archives)));
        assertTrue(runs.setState(runId, Run.WAITING_INVENTORY, Run.RUNNING, null));
        return runs.run(runId).orElseThrow();
    }

    private static Path inventory(Path dir, String name, String... archives) throws Exception {
        StringBuilder csv = new StringBuilder("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n");
        for (String a : archives) { // id,name,size,hash
            String[] f = a.split(",");
            csv.append(f[0]).append(",\"").append(f[1]).append("\",2020-01-01T00:00:00Z,").append(f[2]).append(',')
                    .append(f[3]).append('\n');
        }
        return Files.writeString(dir.resolve(name + ".csv"), csv.toString());
    }

    private static void startJob(JobStore store, RunItems items, RunItem item) {
        store.insert(new NewJob("job-" + item.archiveId(), "v", "-", "ArchiveRetrieval", item.archiveId(), "Bulk", null,
                null, null, "run:" + item.runId(), null, "file:/out", item.name(), item.size()));
        assertTrue(items.markStarted(item, "job-" + item.archiveId(), "run:" + item.runId()));
    }

    /** The tally equals a count of the items, and the report equals the one counted from items and jobs. */
    private static void check(JobStore store, RunStore runs, RunItems items, String when) {
        Sql sql = new Sql(store.dataSource(), "test");
        // the window rule's view: each archive job in flight with its size, or its started item's (the join V10 spares)
        RunItems.InFlight joinedInFlight = sql.single("select count(*), coalesce(sum(coalesce(j.archive_size,"
                + " i.archive_size)), 0), count(case when j.state <> 'REQUESTED' then 1 end) from thaw_job j left join"
                + " thaw_run_item i on i.job_id = j.job_id and i.state = 'STARTED' where j.action = 'ArchiveRetrieval'"
                + " and j.state in ('REQUESTED', 'STAGED', 'DOWNLOADING')",
                rs -> new RunItems.InFlight(rs.getLong(1), rs.getLong(2), rs.getLong(3))).orElseThrow();
        assertEquals(joinedInFlight, items.inFlightSnapshot(), when);
        for (Run run : List.of(runs.run("R-t"), runs.run("R-m"), runs.run("R-f")).stream()
                .flatMap(java.util.Optional::stream).toList()) {
            Map<String, String> counted = new LinkedHashMap<>();
            RunTally.STATES.forEach(s -> counted.put(s, "0/0"));
            sql.list("select state, count(*), sum(archive_size) from thaw_run_item where run_id = ? group by state", rs ->
                    counted.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3)), run.runId());
            Map<String, String> tallied = new LinkedHashMap<>();
            items.tally(run.runId()).forEach((s, t) -> tallied.put(s, t[0] + "/" + t[1]));
            assertEquals(counted, tallied, run.runId() + ", " + when);

            Map<String, String> joined = new LinkedHashMap<>();
            RunReport.CATEGORIES.forEach(c -> joined.put(c, "0/0"));
            Map<String, long[]> sums = new LinkedHashMap<>();
            // an item's job, or the job that re-requested it once its window closed
            sql.list("select i.state, coalesce(r.state, j.state), count(*), sum(i.archive_size) from thaw_run_item i"
                    + " left join thaw_job j on j.job_id = i.job_id left join thaw_job r on r.job_id = j.replaced_by"
                    + " where i.run_id = ? group by i.state, coalesce(r.state, j.state)", rs -> {
                        long[] c = sums.computeIfAbsent(RunReport.category(rs.getString(1), rs.getString(2)),
                                k -> new long[2]);
                        c[0] += rs.getLong(3);
                        c[1] += rs.getLong(4);
                        return null;
                    }, run.runId());
            sums.forEach((c, v) -> joined.put(c, v[0] + "/" + v[1]));
            RunReport report = RunReport.of(runs, items, run.runId());
            Map<String, String> reported = new LinkedHashMap<>();
            RunReport.CATEGORIES.forEach(c -> reported.put(c, report.count(c) + "/" + report.bytes(c)));
            assertEquals(joined, reported, run.runId() + ", " + when);
        }
    }
}
