package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run tables and every query of the plan package on PostgreSQL (the same SQL runs on H2 elsewhere). */
class RunStorePostgresTest {

    /** Settings without destinations: every destination in these tests is a folder URI. */
    static final io.thaw.deliver.Destinations NO_DESTINATIONS =
            new io.thaw.deliver.Destinations(io.thaw.ThawConfig.of(key -> null, java.util.Set::of), null);

    @Test
    void migrationPlanningReportAndLookupsWorkOnPostgres() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/runs-pg-" + System.nanoTime()));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start();
             JobStore store = JobStore.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            RunStore runs = new RunStore(store);
            RunItems items = new RunItems(store);
            Path inventory = Files.writeString(dir.resolve("inv.csv"), "ArchiveId,ArchiveDescription,CreationDate,Size,"
                    + "SHA256TreeHash\nid-1,\"a.txt\",2020-01-01T00:00:00Z,10," + "a".repeat(64)
                    + "\nid-2,\"b.txt\",2020-01-02T00:00:00Z,10," + "a".repeat(64)
                    + "\nid-3,\"a.txt\",2020-01-03T00:00:00Z,30," + "c".repeat(64) + "\n");
            Run run = new Run("R-pg", "v", "-", "Bulk", "file:" + dir.resolve("out"), Selection.all(), "r.json",
                    "f".repeat(64), Run.WAITING_INVENTORY, null, Instant.now(), null);
            runs.create(run);
            assertEquals(2, new RunPlanner(items, new ArchiveNamer(NameOverrides.none()), NO_DESTINATIONS).plan(run, List.of(inventory)));
            assertTrue(runs.setState("R-pg", Run.WAITING_INVENTORY, Run.RUNNING, null));
            List<RunItem> queued = items.queued("R-pg", 10);
            assertEquals(List.of("id-1", "id-3"), queued.stream().map(RunItem::archiveId).toList());
            assertTrue(queued.get(1).name().startsWith("a~"), "same name, newer archive: suffixed " + queued.get(1).name());
            store.insert(new NewJob("job-1", "v", "-", "ArchiveRetrieval", "id-1", "Bulk", null, null, null, "run:R-pg", null,
                    run.destination(), queued.get(0).name(), queued.get(0).size()));
            assertTrue(items.markStarted(queued.get(0), "job-1", "run:R-pg"));
            assertEquals(1, items.inFlight());
            assertEquals(new RunItems.InFlight(1, 10, 0), items.inFlightSnapshot(), "the window rule's view");
            assertEquals(new RunItems.Started(1, 10), items.started("R-pg"));
            assertEquals(new RunItems.Queued(1, 30, 30, 30), items.queuedStats("R-pg"));
            assertEquals(10, items.bytesStartedSince(Instant.now().minusSeconds(3600)));
            assertEquals(1, items.copiesOf("job-1").size());
            assertTrue(items.mark(queued.get(1), RunItem.QUEUED, RunItem.FAILED, "refused"));
            assertFalse(new RunFinisher(runs, items, dir.resolve("reports")).finishIfComplete(runs.run("R-pg").orElseThrow()),
                    "job-1 is still in flight");
            store.markFailed("job-1", "Glacier said no");
            RunReport report = RunReport.of(runs, items, "R-pg");
            assertEquals(2, report.count("failed"), report.toString());
            assertEquals(List.of(new RunReport.Reason("Glacier said no", 1), new RunReport.Reason("refused", 1)),
                    report.reasons().stream().sorted(java.util.Comparator.comparing(RunReport.Reason::reason)).toList(),
                    "a failed job's error and a failed item's reason");
            assertEquals(1, report.count("copies-pending"), report.toString());
            assertTrue(new RunFinisher(runs, items, dir.resolve("reports")).finishIfComplete(runs.run("R-pg").orElseThrow()));
            RunReport done = RunReport.of(runs, items, "R-pg");
            assertEquals(3, done.count("failed"), done.toString());
            assertEquals(Run.DONE, done.run().state());
            assertTrue(runs.latestInventory("v").isEmpty());
            assertTrue(runs.lastPage("R-pg").isEmpty());
            runs.addPage("R-pg", 0, "inv-0");
            runs.addPage("R-pg", 1, "inv-1");
            assertEquals(java.util.Optional.of(new RunStore.PageJob("R-pg", 1)), runs.pageOfJob("inv-1"));
            assertTrue(runs.pageOfJob("job-1").isEmpty(), "an archive job is no page");
            assertEquals(new RunStore.Page(1, "inv-1", null, null), runs.lastPage("R-pg").orElseThrow());
            assertTrue(runs.pageDelivered("inv-1", "file:/inv/page-1.csv", "marker-2"));
            assertEquals(new RunStore.Page(1, "inv-1", "file:/inv/page-1.csv", "marker-2"),
                    runs.lastPage("R-pg").orElseThrow());
            assertEquals(1, runs.runLines().size());
        }
    }
}
