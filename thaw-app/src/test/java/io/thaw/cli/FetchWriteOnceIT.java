package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.glacier.TreeHash;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A folder delivery writes each byte once: {@code thaw fetch --to file:DIR} downloads into the
 * destination's own staging folder and delivers by renaming that very file (same inode), and a SIGKILL
 * at each phase — downloading, verified but not renamed, renamed but DELIVERED not recorded — leaves
 * no partial file under the final name, and the next run ends with the uploaded bytes, DELIVERED.
 */
class FetchWriteOnceIT {

    static final int CHUNKS = 12;

    @Test
    void folderDeliveryRenamesTheVerifiedPartFileAndSurvivesKillsAtEveryPhase() throws Exception {
        try (FetchFixture fx = new FetchFixture("Expedited=1h,Standard=1h,Bulk=1h")) {
            FetchFixture.Archive archive = fx.upload("once", (long) CHUNKS << 20, 14, "once/big.bin");
            String job = fx.completedJob(archive, null);
            Path config = fx.config("once", Map.of("thaw.download.parallel", "2"));
            Path dir = Files.createDirectories(fx.work.resolve("outbox"));
            String to = dir.toUri().toString(); // file:/…/outbox/, through Destinations like thaw run
            Path part = dir.resolve(".thaw-staging").resolve(job + ".part");
            Path delivered = dir.resolve("once/big.bin");

            // 1. killed while downloading: only the part file in the destination's staging folder exists
            Process first = start(fx, job, config, to, "download", null);
            try {
                Eventually.await("the first run's part file", Duration.ofSeconds(60),
                        () -> Files.exists(part) || !first.isAlive());
            } finally {
                kill(first);
            }
            assertFalse(Files.exists(delivered), "nothing under the final name after a kill while downloading");

            // 2. killed once verified, before the rename: still no final name; the part file is complete
            Object inode = killAt(fx, job, config, to, "verified");
            assertFalse(Files.exists(delivered), "nothing under the final name before the rename");
            assertEquals(archive.treeHash(), TreeHash.of(part), "the verified part file holds the archive");
            assertEquals(inode, Files.getAttribute(part, "unix:ino"));

            // 3. killed after the rename, before DELIVERED: the delivered file IS the part file (no copy)
            killAt(fx, job, config, to, "delivered");
            assertTrue(Files.exists(delivered), output(fx, "delivered"));
            assertEquals(inode, Files.getAttribute(delivered, "unix:ino"),
                    "delivery must rename the verified part file, not write a second copy");
            assertTrue(output(fx, "delivered").contains(CHUNKS + " of " + CHUNKS + " chunks already verified on disk"),
                    "the verified part file left by the kill is reused, not fetched again: " + output(fx, "delivered")
                    + "\n--- the run killed at 'verified':\n" + output(fx, "verified"));
            assertFalse(Files.exists(part));
            try (JobStore store = open(fx)) {
                assertEquals(JobState.DOWNLOADING, store.find(job).map(JobRecord::state).orElseThrow());
            }

            // 4. a plain run finishes: the uploaded bytes under the final name, DELIVERED, nothing left over
            Process last = start(fx, job, config, to, "last", null);
            assertTrue(last.waitFor(120, TimeUnit.SECONDS), "last run did not finish");
            assertEquals(0, last.exitValue(), output(fx, "last"));
            assertEquals(-1, Files.mismatch(archive.original(), delivered), "delivered bytes differ from the upload");
            try (JobStore store = open(fx)) {
                assertEquals(JobState.DELIVERED, store.find(job).map(JobRecord::state).orElseThrow());
            }
            assertEquals(List.of(delivered), filesUnder(dir), "only the delivered file is left in the destination");
        }
    }

    /** Runs a fetch that pauses at {@code phase}, then SIGKILLs it; answers the part file's inode then. */
    private static Object killAt(FetchFixture fx, String job, Path config, String to, String phase) throws Exception {
        Process p = start(fx, job, config, to, phase, phase);
        Path part = Path.of(java.net.URI.create(to)).resolve(".thaw-staging").resolve(job + ".part");
        try {
            Eventually.await("the fetch to pause at " + phase, Duration.ofSeconds(120),
                    () -> output(fx, phase).contains("paused at " + phase) || !p.isAlive());
            assertTrue(p.isAlive(), "the run ended before the kill: " + output(fx, phase));
            Thread.sleep(1500); // H2 writes a commit to its file within 0.5 s (WRITE_DELAY): the chunk records land
            return Files.exists(part) ? Files.getAttribute(part, "unix:ino") : null;
        } finally {
            kill(p);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private static Process start(FetchFixture fx, String job, Path config, String to, String name, String pauseAt)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m"));
        if (pauseAt != null) {
            cmd.add("-Dthaw-test.pause-at=" + pauseAt);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.thaw.Thaw", "fetch", "--vault", "once",
                "--job-id=" + job, "--to", to, "--config", config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(fx.work.resolve(name + ".log").toFile()).start();
    }

    private static JobStore open(FetchFixture fx) {
        return JobStore.open("jdbc:h2:file:" + fx.work.resolve("once-db") + ";AUTO_SERVER=TRUE", null, null);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).toList();
        }
    }

    private static String output(FetchFixture fx, String name) {
        try {
            return Files.readString(fx.work.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
