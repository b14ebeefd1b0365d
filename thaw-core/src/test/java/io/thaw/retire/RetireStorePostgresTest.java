package io.thaw.retire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.ThawConfig;
import io.thaw.glacier.TreeHash;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The retire tables and every query of the retire package on PostgreSQL (the command tests run the
 * same SQL on H2): planning with a bad copy and its duplicate, a failed job, deletes recorded once,
 * the manifest, progress and totals.
 */
class RetireStorePostgresTest {

    /** Settings without destinations: every destination in these tests is a folder URI. */
    static final io.thaw.deliver.Destinations NO_DESTINATIONS =
            new io.thaw.deliver.Destinations(io.thaw.ThawConfig.of(key -> null, java.util.Set::of), null);

    @Test
    void planDeleteAndReportOnPostgres() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/retire-pg-" + System.nanoTime()).toAbsolutePath());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start();
             JobStore jobs = JobStore.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            byte[] same = "the same content".getBytes();
            delivered(jobs, dir, "j1", "a1", same);
            delivered(jobs, dir, "j2", "a2", same);
            Files.write(dir.resolve("a2.bin"), "the same c0ntent".getBytes()); // altered after delivery
            delivered(jobs, dir, "j4", "a4", "other content".getBytes());
            jobs.insert(new NewJob("j3", "v", "-", "ArchiveRetrieval", "a3", "Bulk", null, null, null, null, null,
                    "file:" + dir, null));
            jobs.markFailed("j3", "Glacier said no");

            RetireStore store = new RetireStore(jobs);
            store.create("R1", "v", "-", true);
            new RetirePlanner(store, new DeliveredArchives(jobs), new CopyVerifier(NO_DESTINATIONS))
                    .plan("R1", new RetirePlanner.Scope("v", null, Duration.ZERO, 0, null, null));
            store.planned("R1");
            Map<String, String> judged = new HashMap<>();
            store.forEach("R1", null, i -> judged.put(i.archiveId(), i.state() + "/" + i.kind()));
            assertEquals(Map.of("a1", "KEEP/DUPLICATE", "a2", "KEEP/REVERIFY", "a3", "KEEP/NOT_DELIVERED",
                    "a4", "DELETE/null"), judged);
            assertEquals("R1", store.unfinished("v").orElseThrow().retireId());

            assertTrue(store.markDeleted("R1", "a4", Instant.now()));
            assertFalse(store.markDeleted("R1", "a4", Instant.now()), "recorded once");
            assertEquals(0, store.keepBeyond("R1", 1, RetireItem.Keep.MAX_DELETES, "cap"));
            assertEquals(1, store.deletedTotals()[0]);
            assertEquals("other content".length(), store.deletedTotals()[1]);
            assertEquals(RetireItem.DELETED, store.latestItem("v", "a4").orElseThrow().state());
            store.finish("R1", RetireStore.DONE, null);
            assertTrue(store.unfinished("v").isEmpty());

            Path csv = RetireManifest.write(store, "R1", dir.resolve("reports"));
            assertEquals(2, Files.readAllLines(csv).size());
            assertTrue(Files.readAllLines(csv).get(1).startsWith("a4," + "other content".length() + ","));
            Map<String, Object> progress = RetireProgress.recent(store, "v", 5).get(0);
            assertEquals(1L, progress.get("deletedArchives"));
            assertEquals(3L, progress.get("keptArchives"));
            RetireReport.Money m = new RetireReport(store, RetireSettings.from(ThawConfig.load(null))).money("R1");
            assertEquals(1, m.archives());

            store.inventoryStarted("R2", "v", "-", true, "inv-job");
            assertEquals("inv-job", store.pendingInventory("v").orElseThrow()[1]);
        }
    }

    private static void delivered(JobStore jobs, Path dir, String jobId, String archiveId, byte[] content)
            throws Exception {
        Path copy = Files.write(dir.resolve(archiveId + ".bin"), content);
        String hash = TreeHash.of(content);
        jobs.insert(new NewJob(jobId, "v", "-", "ArchiveRetrieval", archiveId, "Bulk", null, null, null, null, null,
                "file:" + dir, null));
        jobs.markStaged(jobId, (long) content.length, (long) content.length, hash, hash, Instant.now());
        jobs.claimForDownload(jobId);
        jobs.markDelivered(jobId, copy.toUri().toString(), content.length);
    }
}
