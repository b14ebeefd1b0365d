package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * thaw as a separate JVM (the routes as `thaw run --config FILE` runs them) is killed with SIGKILL at random
 * moments — while starting jobs, downloading, delivering — and restarted, several times. In the end
 * every archive has exactly one job and one delivered file with the right bytes, and no staging or
 * {@code .thaw-part} file is left behind.
 */
class CrashRecoveryIT {

    static final String VAULT = "crashy";
    static final int ARCHIVES = 16;
    static final int KILLS = 4;

    @RegisterExtension
    static final ThawRoutes thaw = crashSetUp().postgres();

    /** Short timers, so a restarted thaw finds and finishes what a killed one left; no routes in this JVM. */
    static ThawRoutes crashSetUp() {
        return ThawRoutes.withSandbox().jobDelays("Expedited=500ms,Standard=1s,Bulk=1500ms").withoutRoutes()
                .set("thaw.notices.visibility-seconds", "4")
                .set("thaw.download.parallel", "2")
                .set("thaw.reconcile.tick-ms", "500")
                .set("thaw.reconcile.grace", "3s")
                .set("thaw.reconcile.staged-grace", "3s")
                .set("thaw.reconcile.poll.expedited", "1s")
                .set("thaw.reconcile.poll.standard", "1s")
                .set("thaw.reconcile.poll.bulk", "1s")
                .set("thaw.retry.base", "300ms")
                .set("thaw.retry.max", "2s")
                .set("thaw.claims.ttl", "6s")
                .set("thaw.instance.id", "crashy-1")
                .before(t -> t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT)));
    }

    /** The archives (id → bytes): every {@code bigEvery}th of 3 MiB and more, the others up to 400 kB. */
    static Map<String, byte[]> uploadArchives(ThawRoutes thaw, Random rnd, int count, int bigEvery) throws IOException {
        Map<String, byte[]> archives = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[(i % bigEvery == 0 ? 3 << 20 : 0) + 2_000 + rnd.nextInt(400_000)];
            rnd.nextBytes(data);
            archives.put(thaw.upload(VAULT, data, "crashy/file-" + i + ".bin"), data);
        }
        return archives;
    }

    @Test
    void killedAtRandomPointsAndRestartedEveryArchiveIsDeliveredExactlyOnce() throws Exception {
        Path work = thaw.work();
        Path inbox = thaw.inbox();
        Random rnd = new Random(Long.getLong("thaw.crash.seed", System.nanoTime()));
        Map<String, byte[]> archives = uploadArchives(thaw, rnd, ARCHIVES, 4);
        List<String> ids = new ArrayList<>(archives.keySet());

        // Kill points: in the middle of starting jobs, while downloading, right after a delivery, while
        // downloading again — each reached by watching the store, then a random few milliseconds more.
        // Each run gets a request file of its own, so every kill point has work in flight: one run
        // can deliver all the archives it knows of before the next kill would be reached.
        try (JobStore watch = thaw.openStore()) {
            for (int k = 0; k < KILLS; k++) {
                drop(inbox, k, ids.subList(k * ARCHIVES / KILLS, (k + 1) * ARCHIVES / KILLS));
                long before = count(watch, JobState.DELIVERED);
                Process run = thaw.startProcess(work.resolve("run-" + k + ".log"));
                String point = switch (k) {
                    case 0 -> "starting jobs";
                    case 2 -> "after a delivery";
                    default -> "downloading";
                };
                Path request = inbox.resolve("req-" + k + ".json");
                try {
                    // Taking the run's request file first keeps a job the last kill left DOWNLOADING from
                    // ending this run before it has started.
                    thaw.await("thaw " + point, Duration.ofSeconds(90), () -> !Files.exists(request) && switch (point) {
                        case "starting jobs" -> !watch.list(VAULT).isEmpty();
                        case "after a delivery" -> count(watch, JobState.DELIVERED) > before;
                        default -> count(watch, JobState.DOWNLOADING) > 0 || count(watch, JobState.DELIVERED) > before;
                    });
                    Thread.sleep(rnd.nextInt(300));
                } finally {
                    ThawRoutes.kill(run);
                }
                System.out.println("crash test: SIGKILL " + point + "; jobs " + watch.list(VAULT).size()
                        + ", delivered " + count(watch, JobState.DELIVERED));
            }
        }
        awaitLastRun(thaw, work.resolve("run-final.log"), () -> delivered() == ARCHIVES);
        // One more start runs the startup sweep over what the last kill may have left.
        Process sweep = thaw.startProcess(work.resolve("run-sweep.log"));
        try {
            thaw.await("restarted", Duration.ofSeconds(90), () -> logContains(work.resolve("run-sweep.log"), "started in"));
        } finally {
            ThawRoutes.kill(sweep);
        }
        assertDeliveredOnce(thaw, archives);
    }

    /**
     * Every archive has one job, DELIVERED with its size and bytes, and Glacier saw one job for it; the
     * destination holds one file per archive and no staging file is left.
     */
    static void assertDeliveredOnce(ThawRoutes thaw, Map<String, byte[]> archives) throws IOException {
        try (JobStore store = thaw.openStore()) {
            for (String id : archives.keySet()) {
                List<JobRecord> jobs = store.list(VAULT).stream().filter(j -> id.equals(j.archiveId())).toList();
                assertEquals(1, jobs.size(), "one job per archive: " + jobs);
                assertEquals(JobState.DELIVERED, jobs.get(0).state(), "job " + jobs.get(0).jobId());
                assertEquals(archives.get(id).length, jobs.get(0).outputSize());
                assertEquals(TreeHash.of(archives.get(id)), TreeHash.of(Path.of(URI.create(jobs.get(0).deliveredTo()))));
                assertEquals(1, thaw.sandbox().log().jobs().stream().filter(j -> id.equals(j.archiveId())).count(),
                        "Glacier saw one job for archive " + id);
            }
        }
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertEquals(archives.size(), files.size(), "one file per archive and no .thaw-part: " + files);
        }
        // a folder destination's output is downloaded in its own .thaw-staging (then renamed, issue 14)
        for (Path staging : List.of(thaw.work().resolve("staging"), thaw.outbox().resolve(".thaw-staging"))) {
            if (Files.exists(staging)) {
                try (Stream<Path> s = Files.list(staging)) {
                    List<Path> left = s.toList();
                    assertTrue(left.isEmpty(), "no staging files left: " + left);
                }
            }
        }
    }

    /**
     * Starts the last run and waits until {@code done}, then kills it. A run that exits fails at once; one
     * that does not finish in time fails with what it left: the jobs not DELIVERED (state, attempts, error)
     * and the run's last warnings, in the failure's message, which is all a CI report shows.
     */
    static void awaitLastRun(ThawRoutes thaw, Path log, BooleanSupplier done) throws Exception {
        Process last = thaw.startProcess(log);
        long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        try {
            while (!done.getAsBoolean()) {
                if (!last.isAlive()) {
                    fail("the last run exited (" + last.exitValue() + ") before every archive was delivered: "
                            + warnings(log, 15));
                }
                if (System.nanoTime() > end) {
                    ThawRoutes.kill(last);
                    fail("not every archive delivered 150 s after the crashes; left: " + undelivered(thaw)
                            + "; the last run's warnings: " + warnings(log, 15));
                }
                Thread.sleep(100);
            }
        } finally {
            ThawRoutes.kill(last);
        }
    }

    private static String undelivered(ThawRoutes thaw) {
        try (JobStore store = thaw.openStore()) {
            return store.list(VAULT).stream().filter(j -> j.state() != JobState.DELIVERED)
                    .map(j -> JobRecord.shortId(j.jobId()) + " " + j.state() + " attempts=" + j.attempts()
                            + " bytes=" + j.bytesDone() + " error=" + j.error())
                    .collect(Collectors.joining(" | ", "[", "]"));
        } catch (RuntimeException e) {
            return "(store not readable: " + e.getMessage() + ")";
        }
    }

    /** The log's last WARN and ERROR lines (and the lines that are not the log's own), on one line. */
    private static String warnings(Path log, int last) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> found = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                    || !l.matches("^\\d\\d:\\d\\d:.*")).toList();
            return String.join(" | ", found.subList(Math.max(0, found.size() - last), found.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    static void drop(Path inbox, int r, List<String> archiveIds) throws IOException {
        ThawRoutes.drop(inbox, "req-" + r + ".json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"Tier\":\"" + (r % 2 == 0 ? "Expedited" : "Standard") + "\"},\"archives\":[" + archiveIds.stream()
                .map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}");
    }

    static long count(JobStore store, JobState state) {
        return store.list(VAULT).stream().filter(j -> j.state() == state).count();
    }

    static long delivered() {
        try (JobStore store = thaw.openStore()) {
            return store.list(VAULT).stream().filter(j -> j.state() == JobState.DELIVERED).count();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
