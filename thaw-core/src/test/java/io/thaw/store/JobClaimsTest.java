package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A notice stages and claims its job in one statement; the fetch that follows takes that claim over once. */
class JobClaimsTest {

    Path work;
    JobStore store;
    JobClaims claims;

    @BeforeEach
    void open() throws Exception {
        work = Files.createDirectories(Path.of("target/test-work/claims-" + System.nanoTime()));
        store = JobStore.open("jdbc:h2:file:./" + work.resolve("db"), null, null);
        claims = new JobClaims(store);
        store.insert(new NewJob("job-1", "photos", "-", "ArchiveRetrieval", "arch-1", "Standard", null, null, null,
                null, null, "file:out", null));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        io.thaw.TestDirs.delete(work);
    }

    @Test
    void stageAndClaimRecordsTheNoticeAndClaimsForTheOwnerOnce() {
        Instant now = Instant.now();
        Instant done = now.minusSeconds(5);

        assertTrue(claims.stageAndClaim("job-1", 10L, 10L, "a".repeat(64), "b".repeat(64), done, "me", now,
                now.plus(Duration.ofMinutes(5))));

        JobRecord j = store.find("job-1").orElseThrow();
        assertEquals(JobState.DOWNLOADING, j.state());
        assertEquals(10L, j.outputSize());
        assertEquals("b".repeat(64), j.outputTreeHash());
        assertEquals(1, j.attempts());
        assertTrue(claims.heldClaim("job-1", "me").isPresent());
        assertFalse(claims.heldClaim("job-1", "someone-else").isPresent());
        // a duplicate notice finds the job no longer REQUESTED
        assertFalse(claims.stageAndClaim("job-1", 10L, 10L, null, null, done, "me", now, now.plusSeconds(300)));
        assertEquals(1, store.find("job-1").orElseThrow().attempts());
    }

    @Test
    void theHandOverIsTakenOnceAndOnlyWhileTheClaimLasts() {
        Instant now = Instant.now();
        claims.stageAndClaim("job-1", 10L, 10L, null, null, now, "me", now, now.plusSeconds(60));

        assertTrue(claims.takeHandedOver("job-1", now));
        assertFalse(claims.takeHandedOver("job-1", now), "taken once");

        store.insert(new NewJob("job-2", "photos", "-", "ArchiveRetrieval", "arch-2", "Standard", null, null, null,
                null, null, "file:out", null));
        claims.stageAndClaim("job-2", 10L, 10L, null, null, now, "me", now, now.plusSeconds(60));
        assertFalse(claims.takeHandedOver("job-2", now.plusSeconds(61)),
                "an expired hand-over: another instance may hold the job now, so the fetcher claims anew");
        assertFalse(claims.takeHandedOver("unknown", now));
    }
}
