package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

/**
 * thaw's H2 file is written at each commit (WRITE_DELAY=0), which leaves H2 without its background
 * housekeeping; {@link H2Housekeeping} does it instead. Jobs written as thaw writes them — each step a
 * commit of its own — leave thousands of chunks with a page or two still live; while thaw goes on
 * committing, those pages are moved out and the chunks freed.
 */
class H2HousekeepingTest {

    @Test
    void sparseChunksAreRewrittenWhileThawGoesOnCommitting() throws Exception {
        withFileStore((store, mv) -> {
            JobClaims claims = new JobClaims(store);
            for (int i = 0; i < 1500; i++) {
                String id = "job-" + i;
                store.insert(new NewJob(id, "v", "-", "ArchiveRetrieval", "archive-" + i, "Standard", null, null,
                        null, "run:R1", "hash-" + i, "file:out", null));
                Instant now = Instant.now();
                claims.stageAndClaim(id, 10L, 10L, "aa", "aa", now, "me", now, now.plusSeconds(60));
                store.markDelivered(id, "file:out/" + i, 10, true, "me");
            }
            long before = chunks(mv);
            long after = before;
            // the rewritten pages are written by the next commit, as in a running thaw
            for (long end = System.nanoTime() + 30_000_000_000L; after > before / 10 && System.nanoTime() < end; ) {
                store.update("update thaw_job set updated_at = ? where job_id = ?", Instant.now(), "job-0");
                Thread.sleep(100);
                after = chunks(mv);
            }
            assertTrue(after <= before / 10, "chunks in the file: " + after + ", " + before + " after the jobs");
        });
    }

    /**
     * A second in which H2 wrote nothing gets no round (an idle thaw makes no fsync a second). Seen through the
     * retention time, which a round sets back to thaw's 5 s whenever it finds it changed: set to H2's 45 s while
     * the store is idle it stays there, and the first commit after brings a round that sets it back.
     */
    @Test
    void anIdleStoreGetsNoRoundUntilItIsWrittenAgain() throws Exception {
        withFileStore((store, mv) -> {
            store.insert(new NewJob("job-1", "v", "-", "ArchiveRetrieval", "archive-1", "Standard", null, null,
                    null, "run:R1", "hash-1", "file:out", null));
            assertTrue(waitForRetention(mv, H2Housekeeping.RETENTION_MS, 5), "no round after a commit");
            mv.setRetentionTime(45_000);
            Thread.sleep(3_000); // three rounds' time, nothing written
            assertEquals(45_000, mv.getRetentionTime(), "a round ran although H2 wrote nothing");
            store.update("update thaw_job set updated_at = ? where job_id = ?", Instant.now(), "job-1");
            assertTrue(waitForRetention(mv, H2Housekeeping.RETENTION_MS, 5), "no round after the next commit");
        });
    }

    private interface FileStoreTest {
        void run(JobStore store, MVStore mv) throws Exception;
    }

    /** A job store in a fresh H2 file, with H2's own store under it (its housekeeping started by the store). */
    private static void withFileStore(FileStoreTest test) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/h2-housekeeping-" + System.nanoTime()));
        try (JobStore store = JobStore.open("jdbc:h2:file:./" + dir.resolve("db"), null, null)) {
            MVStore mv = H2Housekeeping.embeddedStore(store.dataSource());
            assertNotNull(mv, "the store is an H2 file in this process");
            test.run(store, mv);
        } finally {
            io.thaw.TestDirs.delete(dir);
        }
    }

    private static boolean waitForRetention(MVStore mv, int ms, int seconds) throws InterruptedException {
        for (long end = System.nanoTime() + seconds * 1_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            if (mv.getRetentionTime() == ms) {
                return true;
            }
        }
        return false;
    }

    /** The chunks H2's map of them lists: those with live pages and those not yet freed. */
    private static long chunks(MVStore mv) {
        return mv.getFileStore().getLayoutMap().keySet().stream().filter(k -> k.startsWith("chunk.")).count();
    }

    @Test
    void nothingRunsForAStoreInMemory() {
        try (JobStore store = JobStore.open("jdbc:h2:mem:housekeeping-" + System.nanoTime(), null, null)) {
            assertNull(H2Housekeeping.embeddedStore(store.dataSource()));
        }
    }
}
