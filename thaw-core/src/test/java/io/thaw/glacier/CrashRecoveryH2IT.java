package io.thaw.glacier;

import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CrashRecoveryIT} on the default store: an H2 file owned by the thaw process, which is
 * killed with SIGKILL right after a request file moved to {@code .done/} (the jobs it started were
 * committed a moment before) and in the middle of downloading and delivering, then restarted. The
 * test never opens the store while thaw runs (with AUTO_SERVER it would become the file's owner and
 * the kill would spare the data); it watches the folders and thaw's log instead. In the end every
 * archive has exactly one job and one delivered file with the right bytes, nothing is left DOWNLOADING
 * or STAGED, and no staging or part file remains.
 */
class CrashRecoveryH2IT {

    static final int ARCHIVES = 8;
    static final int KILLS = 2;

    /** The model's default store (an H2 file with AUTO_SERVER), in this test's folder. */
    @RegisterExtension
    static final ThawRoutes thaw = CrashRecoveryIT.crashSetUp();

    @Test
    void killedRightAfterDoneAndMidDeliveryOnTheDefaultStoreEveryArchiveIsDeliveredOnce() throws Exception {
        Path work = thaw.work();
        Path inbox = thaw.inbox();
        Random rnd = new Random(Long.getLong("thaw.crash.seed", System.nanoTime()));
        Map<String, byte[]> archives = CrashRecoveryIT.uploadArchives(thaw, rnd, ARCHIVES, 3);
        List<String> ids = new ArrayList<>(archives.keySet());

        for (int k = 0; k < KILLS; k++) {
            CrashRecoveryIT.drop(inbox, k, ids.subList(k * ARCHIVES / KILLS, (k + 1) * ARCHIVES / KILLS));
            Path log = work.resolve("run-" + k + ".log");
            Process run = thaw.startProcess(log);
            boolean afterDone = k % 2 == 0;
            Path done = inbox.resolve(".done").resolve("req-" + k + ".json");
            try {
                if (afterDone) {
                    // the jobs were committed just before the move: kill at once
                    thaw.await("request " + k + " moved to .done/", Duration.ofSeconds(90), () -> Files.exists(done));
                } else {
                    // deliveries under way: the first is recorded, the others are being written
                    thaw.await("thaw delivering", Duration.ofSeconds(90),
                            () -> CrashRecoveryIT.logContains(log, "DELIVERED vault="));
                    Thread.sleep(rnd.nextInt(150));
                }
            } finally {
                ThawRoutes.kill(run);
            }
            System.out.println("crash test (H2): SIGKILL " + (afterDone ? "right after .done/" : "mid-delivery")
                    + "; delivered files " + deliveredFiles(thaw.outbox()));
        }
        // thaw logs DELIVERED once it is recorded: a file under its final name may still be re-delivered
        // (a kill between the rename and the record leaves the job to deliver again, same bytes, same name).
        // DELIVERED is logged once committed: the last kill loses nothing either.
        CrashRecoveryIT.awaitLastRun(thaw, work.resolve("run-final.log"), () -> deliveredJobs(work) == ARCHIVES);
        CrashRecoveryIT.assertDeliveredOnce(thaw, archives);
    }

    /** Jobs thaw logged as delivered in any run. */
    static long deliveredJobs(Path work) {
        try (Stream<Path> logs = Files.list(work)) {
            return logs.filter(f -> f.getFileName().toString().startsWith("run-")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).map(CrashRecoveryH2IT::deliveredJob).filter(java.util.Objects::nonNull).distinct().count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The job a log line says is delivered: "DELIVERED vault=… job=X", or, when a kill came between the
     * commit and that line, the next run's "notice for job X again: already DELIVERED" (the notice is
     * deleted only after the line, so it comes back) or "job X is already DELIVERED".
     */
    static String deliveredJob(String line) {
        if (line.contains("DELIVERED vault=")) {
            return line.replaceAll(".* job=(\\S+) .*", "$1");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("job (\\S+) (again: |is )already DELIVERED")
                .matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** Files under their final names (no part files). */
    static long deliveredFiles(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(outbox)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".thaw-part"))
                    .filter(f -> !outbox.relativize(f).startsWith(".thaw-staging")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
