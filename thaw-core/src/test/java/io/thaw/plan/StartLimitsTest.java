package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pacer reads the store's totals once a second, or ten times as seldom as the last read was long, and
 * counts on from them in between: a job another instance started is seen at the next read, not before.
 */
class StartLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aCostlyReadIsMadeLessOften() {
        assertEquals(Duration.ofSeconds(1), StartLimits.readEvery(Duration.ofMillis(3)), "a cheap read: every second");
        assertEquals(Duration.ofSeconds(1), StartLimits.readEvery(Duration.ofMillis(100)));
        assertEquals(Duration.ofSeconds(11), StartLimits.readEvery(Duration.ofMillis(1100)),
                "the day's sum over 500,000 starts on H2 (1.1 s): the pacer spends a tenth of its time on it");
    }

    @Test
    void theTotalsAreReadAtTheIntervalAndCountedOnInBetween() {
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            StartLimits limits = new StartLimits(new RunItems(store), new Pace(100, 0, 2, Duration.ofMillis(100)), () -> 0);
            RunItem item = new RunItem("R-1", 0, "id-1", 10, null, "a.bin", RunItem.QUEUED, null, null, null);
            Instant t0 = Instant.parse("2026-12-04T00:00:00Z");
            limits.refresh(t0);
            assertNull(limits.limitFor(item), "nothing in flight");

            store.insert(job("job-mine", "id-1"));
            limits.started(item); // this instance's start: recorded, and counted at once
            store.insert(job("job-other", "id-2")); // another instance's, in the store only
            limits.refresh(t0.plusMillis(500));
            assertNull(limits.limitFor(item), "one in flight of max 2: the other instance's job is not read yet");

            limits.refresh(t0.plusSeconds(1));
            assertEquals("max-in-flight (2 jobs)", limits.limitFor(item), "read a second later: both jobs");
        }
    }

    private static NewJob job(String jobId, String archiveId) {
        return new NewJob(jobId, "v", "-", "ArchiveRetrieval", archiveId, "Bulk", null, null, null, null, null,
                "file:/out", archiveId + ".bin");
    }
}
