package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.SandboxLog;
import io.thaw.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code thaw fetch} as its own JVM, killed with SIGKILL in the middle of a download and started again:
 * the second run completes, and the sandbox's request log shows that no chunk the first run had
 * recorded as verified was fetched again.
 */
class FetchResumeIT {

    static final int CHUNKS = 48;
    static final long SIZE = (long) CHUNKS << 20;

    @Test
    void killedDownloadResumesWithoutRefetchingVerifiedChunks() throws Exception {
        try (FetchFixture fx = new FetchFixture("Expedited=1h,Standard=1h,Bulk=1h")) {
            FetchFixture.Archive archive = fx.upload("resume", SIZE, 48, "resume/big.bin");
            String job = fx.completedJob(archive, null);
            Path config = fx.config("resume", Map.of("thaw.download.parallel", "2", "thaw.download.max-attempts", "1000",
                    "thaw.download.backoff-ms", "50"));
            Path out = fx.work.resolve("out/big.bin");
            SandboxLog log = fx.sandbox.log();

            // Throttle half the requests so the first run is slow enough to be caught in the middle.
            fx.sandbox.setFaults(Faults.parse("throttle=0.5,seed=5"));
            Process first = start(fx, job, config, out, "first");
            try {
                Eventually.await("a few chunks served to the first run", Duration.ofSeconds(90),
                        () -> okServed(log, job) >= 6 || !first.isAlive());
                assertTrue(first.isAlive(), "the first run ended before it could be killed: " + output(fx, "first"));
                // From now on every request is throttled: the first run makes no more progress.
                fx.sandbox.setFaults(Faults.parse("throttle=1,seed=6"));
                awaitQuiet(log, job);
            } finally {
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no polite stop
                first.waitFor(30, TimeUnit.SECONDS);
            }
            fx.sandbox.setFaults(Faults.NONE);
            assertFalse(Files.exists(out), "nothing may be delivered by a killed run");

            Set<String> verifiedRanges;
            try (JobStore store = JobStore.open("jdbc:h2:file:" + fx.work.resolve("resume-db") + ";AUTO_SERVER=TRUE",
                    null, null)) {
                verifiedRanges = store.chunks(job).stream()
                        .map(c -> "bytes=" + ((long) c.index() << 20) + "-" + (((long) c.index() + 1 << 20) - 1))
                        .collect(Collectors.toSet());
            }
            assertTrue(!verifiedRanges.isEmpty() && verifiedRanges.size() < CHUNKS,
                    "the kill should fall between the first and the last chunk, recorded: " + verifiedRanges.size());
            int servedBefore = log.served().size();

            Process second = start(fx, job, config, out, "second");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), "second run did not finish");
            assertEquals(0, second.exitValue(), output(fx, "second"));

            assertEquals(-1, Files.mismatch(archive.original(), out), "resumed output differs from the upload");
            List<SandboxLog.Served> again = new ArrayList<>(log.served().subList(servedBefore, log.served().size()));
            again.removeIf(s -> !s.jobId().equals(job) || s.status() != 206);
            for (SandboxLog.Served s : again) {
                assertFalse(verifiedRanges.contains(s.range()), "verified chunk " + s.range() + " was fetched again");
            }
            assertEquals(CHUNKS - verifiedRanges.size(), again.size(), "chunks fetched by the second run");
            assertTrue(output(fx, "second").contains("chunks already verified on disk"), output(fx, "second"));
        }
    }

    private static Process start(FetchFixture fx, String job, Path config, Path out, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.thaw.Thaw",
                "fetch", "--vault", "resume", "--job-id=" + job, "--to", out.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(fx.work.resolve(name + ".log").toFile()).start();
    }

    private static String output(FetchFixture fx, String name) {
        try {
            return Files.readString(fx.work.resolve(name + ".log"));
        } catch (java.io.IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static int okServed(SandboxLog log, String job) {
        return (int) log.served().stream().filter(s -> s.jobId().equals(job) && s.status() == 206).count();
    }

    /** Waits until no chunk has been served for two seconds (in-flight chunks are written and recorded). */
    private static void awaitQuiet(SandboxLog log, String job) {
        AtomicInteger last = new AtomicInteger(-1);
        AtomicLong since = new AtomicLong(System.nanoTime());
        Eventually.await("the throttled first run to stop making progress", Duration.ofSeconds(60), () -> {
            int now = okServed(log, job);
            if (now != last.getAndSet(now)) {
                since.set(System.nanoTime());
            }
            return System.nanoTime() - since.get() > TimeUnit.SECONDS.toNanos(2);
        });
    }
}
