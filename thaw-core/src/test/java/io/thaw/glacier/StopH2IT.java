package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.testing.ThawRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * thaw stopped the way a service manager stops it — SIGTERM — while it downloads and delivers, on the
 * default store (an H2 file). Camel drains the exchanges in flight and thaw closes the store after the
 * routes; H2 must not close the database first from a shutdown hook of its own, or the work in flight
 * fails with "Database is already closed" and is only finished after a restart. In the end, after a
 * restart, every archive is delivered once.
 */
class StopH2IT {

    static final int ARCHIVES = 8;

    @RegisterExtension
    static final ThawRoutes thaw = CrashRecoveryIT.crashSetUp();

    @Test
    void sigtermMidDeliveryDrainsTheWorkAndClosesTheStoreLast() throws Exception {
        Random rnd = new Random(Long.getLong("thaw.crash.seed", System.nanoTime()));
        Map<String, byte[]> archives = CrashRecoveryIT.uploadArchives(thaw, rnd, ARCHIVES, 3);
        CrashRecoveryIT.drop(thaw.inbox(), 0, new ArrayList<>(archives.keySet()));
        Path log = thaw.work().resolve("run-0.log");
        Process run = thaw.startProcess(log);
        try {
            thaw.await("thaw delivering", Duration.ofSeconds(90), () -> CrashRecoveryIT.logContains(log, "DELIVERED vault="));
            run.destroy(); // SIGTERM
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "thaw ends within 60 s of SIGTERM");
        } finally {
            ThawRoutes.kill(run);
        }
        List<String> closedUnderFoot = Files.readAllLines(log).stream()
                .filter(l -> l.contains("Database is already closed") || l.contains("90121")).toList();
        assertTrue(closedUnderFoot.isEmpty(), "the store was closed under work in flight: " + closedUnderFoot);
        assertTrue(CrashRecoveryIT.logContains(log, "SIGTERM: stopping"), "thaw stopped in order (StopSignals)");

        Process last = thaw.startProcess(thaw.work().resolve("run-final.log"));
        try {
            thaw.await("every archive delivered after the stop", Duration.ofSeconds(150),
                    () -> CrashRecoveryH2IT.deliveredJobs(thaw.work()) == ARCHIVES);
        } finally {
            ThawRoutes.kill(last);
        }
        CrashRecoveryIT.assertDeliveredOnce(thaw, archives);
    }
}
