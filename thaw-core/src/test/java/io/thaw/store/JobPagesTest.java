package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Listings of a store holding more jobs than a page: every job once, newest first, filtered by vault and
 * state, on H2 and PostgreSQL (a page at a time, so `thaw status --all` and GET /jobs never hold them all).
 */
class JobPagesTest {

    static final int JOBS = 2_345; // more than two of forEach's pages of 1,000

    @Test
    void pagesAndForEachOnH2() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/job-pages-" + System.nanoTime()));
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            check(store);
        }
    }

    @Test
    void pagesAndForEachOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start();
             JobStore store = JobStore.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            check(store);
        }
    }

    private static void check(JobStore store) {
        for (int i = 0; i < JOBS; i++) {
            store.insert(new NewJob("job-" + i, i % 3 == 0 ? "music" : "photos", "-", "ArchiveRetrieval", "archive-" + i,
                    "Bulk", null, null, null, "req.json", "h-" + i, "file:/restored", null));
            if (i % 5 == 0) {
                store.markFailed("job-" + i, "the archive was deleted");
            }
        }

        List<JobRecord> all = new ArrayList<>();
        store.forEach(null, null, all::add);
        assertEquals(JOBS, all.size(), "every job once");
        for (int i = 0; i < JOBS; i++) {
            assertEquals("job-" + (JOBS - 1 - i), all.get(i).jobId(), "newest first");
        }

        List<JobRecord> musicFailed = new ArrayList<>();
        store.forEach("music", JobState.FAILED, musicFailed::add);
        long expected = java.util.stream.IntStream.range(0, JOBS).filter(i -> i % 3 == 0 && i % 5 == 0).count();
        assertEquals(expected, musicFailed.size());
        assertTrue(musicFailed.stream().allMatch(j -> j.vault().equals("music") && j.state() == JobState.FAILED));

        List<JobRecord> first = store.page(null, JobState.REQUESTED, null, 10);
        List<JobRecord> second = store.page(null, JobState.REQUESTED, first.get(9).id(), 10);
        assertEquals(10, first.size());
        assertEquals(10, second.size());
        assertTrue(first.get(9).id() > second.get(0).id(), "the next page starts below the last one shown");
        assertEquals("job-" + (JOBS - 1), first.get(0).jobId());
        assertTrue(first.stream().allMatch(j -> j.state() == JobState.REQUESTED));
        assertEquals(List.of(), store.page("no-such-vault", null, null, 10));

        // counts: DELIVERED is the total less the other states; a grouping of every job says the same
        for (int i = 1; i < JOBS; i += 7) {
            if (i % 5 != 0) {
                store.markDelivered("job-" + i, "file:/restored/" + i, 1);
            }
        }
        Map<JobState, Long> grouped = new java.util.EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            grouped.put(s, 0L);
        }
        store.forEach(null, null, j -> grouped.merge(j.state(), 1L, Long::sum));
        assertEquals(grouped, store.countByState());
        assertTrue(grouped.get(JobState.DELIVERED) > 0 && grouped.get(JobState.FAILED) > 0);
    }
}
