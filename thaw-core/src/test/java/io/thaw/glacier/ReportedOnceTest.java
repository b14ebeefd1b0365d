package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thaw.ThawConfig;
import io.thaw.store.JobClaims;
import io.thaw.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A store that fails on every reconcile tick (closed, locked or damaged) and a job that fails the same
 * way each time are reported once — one WARN line without a stack trace — not on every tick.
 */
class ReportedOnceTest {

    @Test
    void aFailingStoreAndAStuckJobAreEachReportedOnce() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/reported-once-" + System.nanoTime()));
        JobStore store = JobStore.open("jdbc:h2:file:./" + work.resolve("db"), null, null);
        ReliabilitySettings s = ReliabilitySettings.from(ThawConfig.of(Map.of("thaw.instance.id", "a",
                "thaw.notices.queue-url", "http://queue")::get, java.util.Set::of));
        JobReconciler reconciler = new JobReconciler(null, store, new JobClaims(store), null, s, Clock.systemUTC(),
                new ReadyJobs());
        Logger log = (Logger) LoggerFactory.getLogger(JobReconciler.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            store.close(); // every statement now fails, as with a damaged or unreachable store
            for (int tick = 0; tick < 5; tick++) {
                assertTrue(reconciler.reconcile().isEmpty());
            }
            for (int tick = 0; tick < 5; tick++) {
                reconciler.notDelivered("job-stuck-0001", new IllegalStateException("job store: Row not found"));
            }
            reconciler.notDelivered("job-stuck-0001", new IllegalStateException("destination full"));
        } finally {
            log.detachAppender(logged);
        }
        List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(3, warnings.size(), "the store once, the job once, the job's new problem once: " + warnings);
        assertTrue(warnings.stream().allMatch(e -> e.getThrowableProxy() == null), "no stack traces");
        io.thaw.TestDirs.delete(work);
    }
}
