package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Queuing finds the archive a copy follows by its place in the queue, kept in memory: in the rows not
 * written yet, or in the store once their batch was written (500 rows). Both must name the archive
 * queued first with the content, and a content met again after that first archive was written too.
 */
class RunPlannerCopiesTest {

    @Test
    void aCopyFollowsTheFirstArchiveWithItsContentWhetherThatOneIsWrittenYetOrNot() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/planner-copies-" + System.nanoTime()));
        StringBuilder csv = new StringBuilder("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n");
        for (int i = 0; i < 1200; i++) {
            csv.append(row("id-" + i, 100 + i, hash(i)));
        }
        csv.append(row("id-1200", 100, hash(0)));   // the first batch (ids 0-499) is written by now
        csv.append(row("id-1201", 1199 + 100, hash(1199))); // id-1199 is still pending
        csv.append(row("id-1202", 100, hash(0)));   // a third one: follows id-0 too
        csv.append(row("id-1203", 101, hash(0)));   // same tree hash, another size: not a copy
        Path inventory = Files.writeString(dir.resolve("inv.csv"), csv);
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            RunItems items = new RunItems(store);
            assertEquals(1201, plan(store, items, "R-copies", dir, inventory));
            Sql sql = new Sql(store.dataSource(), "test");
            List<String> copies = sql.list("select archive_id || ' -> ' || copy_of from thaw_run_item where run_id = ?"
                    + " and state = 'COPY' order by seq", rs -> rs.getString(1), "R-copies");
            assertEquals(List.of("id-1200 -> id-0", "id-1201 -> id-1199", "id-1202 -> id-0"), copies);
            assertEquals(1201, items.count("R-copies", RunItem.QUEUED));
        }
    }

    /**
     * An archive whose content was delivered earlier under the same name, by a job for another archive id, is
     * skipped when queued: found by the content key (V12) that the job got when its notice gave the tree hash
     * (the job was started without one). Another name is queued.
     */
    @Test
    void contentDeliveredEarlierUnderTheSameNameIsSkipped() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/planner-same-" + System.nanoTime()));
        String csv = "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n" + row("id-new", 100, hash(7))
                + row("id-other", 100, hash(8));
        Path inventory = Files.writeString(dir.resolve("inv.csv"), csv);
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            store.insert(new io.thaw.store.NewJob("job-old", "v", "-", "ArchiveRetrieval", "id-old", "Bulk", null, null,
                    null, "r.json", null, "file:/out", "id-new.txt"));
            store.markStaged("job-old", 100L, 100L, hash(7), hash(7), Instant.now());
            Sql sql = new Sql(store.dataSource(), "test");
            sql.update("update thaw_job set state = 'DELIVERED', delivered_to = 'file:/out/id-new.txt' where job_id = 'job-old'");
            plan(store, new RunItems(store), "R-same", dir, inventory);
            assertEquals(List.of("id-new SKIPPED", "id-other QUEUED"), sql.list("select archive_id || ' ' || state"
                    + " from thaw_run_item where run_id = ? order by seq", rs -> rs.getString(1), "R-same"));
        }
    }

    /** Queues run {@code runId} of vault "v" from {@code inventory}; answers what planning answers. */
    private static long plan(JobStore store, RunItems items, String runId, Path dir, Path inventory) throws Exception {
        Run run = new Run(runId, "v", "-", "Bulk", "file:" + dir.resolve("out"), Selection.all(), null, null,
                Run.WAITING_INVENTORY, null, Instant.now(), null);
        new RunStore(store).create(run);
        return new RunPlanner(items, new ArchiveNamer(NameOverrides.none()), RunPacerIT.NO_DESTINATIONS)
                .plan(run, List.of(inventory));
    }

    private static String row(String id, long size, String hash) {
        return id + ",\"" + id + ".txt\",2020-01-01T00:00:00Z," + size + "," + hash + "\n";
    }

    private static String hash(int i) {
        return String.format("%064x", i + 1);
    }
}
