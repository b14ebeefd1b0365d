package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job store sends an archive's claim and its DELIVERED through group commit on H2, and not on PostgreSQL
 * (where its savepoints cost more than the commits saved): {@link GroupCommitTest} tests the mechanism, this the
 * store's use of it.
 */
class StoreGroupsCommitsTest {

    @TempDir
    Path dir;

    @Test
    void onH2TheClaimAndTheDeliveryGoThroughGroupCommit() {
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            claimAndDeliver(store);
            assertArrayEquals(new long[] {2, 2}, store.groupCommits(), "commits, statements");
        }
    }

    @Test
    void onPostgresEachCommitsAlone() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start();
             JobStore store = JobStore.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            claimAndDeliver(store);
            assertNull(store.groupCommits());
        }
    }

    private static void claimAndDeliver(JobStore store) {
        store.insert(new NewJob("job-1", "v", "-", "ArchiveRetrieval", "archive-1", "Standard", null, null, null,
                "run:R1", "hash-1", "file:out", null));
        store.markStaged("job-1", 10L, 10L, null, null, Instant.now());
        Instant now = Instant.now();
        assertTrue(new JobClaims(store).claim("job-1", "me", now, now.plusSeconds(60)));
        assertTrue(store.markDelivered("job-1", "file:out/a", 10, false, "me"));
    }
}
