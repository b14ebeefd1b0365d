package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 64 MiB archive fetched in 1 MiB chunks while the sandbox throttles, answers 500, cuts bodies short
 * and flips bytes (64 chunks, so each run meets every kind of fault: at 15 % a kind is missed by a run
 * with a chance below 1e-6, where 24 chunks missed one in a few hundred runs): whatever the seed, the delivered bytes are the uploaded ones; when every body is
 * corrupt nothing at all is delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FetchFaultsIT {

    static final long SIZE = 64L << 20;

    FetchFixture fx;
    FetchFixture.Archive archive;

    @BeforeAll
    void start() throws Exception {
        fx = new FetchFixture("Expedited=1h,Standard=1h,Bulk=1h");
        archive = fx.upload("faulty", SIZE, 24, "faulty/archive.bin");
    }

    @AfterAll
    void stop() throws Exception {
        fx.sandbox.setFaults(Faults.NONE);
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyInjectedFaultIsRetriedAndTheDeliveredBytesAreTheUploadedOnes(long seed) throws Exception {
        String job = fx.completedJob(archive, null);
        Path config = fx.config("seed" + seed, Map.of("thaw.download.max-attempts", "20"));
        Path out = fx.work.resolve("seed" + seed + "/archive.bin");
        Map<Faults.Kind, Long> before = new EnumMap<>(fx.sandbox.log().faultCounts());
        FetchFixture.Run r = fetchWithFaults(job, config, out,
                "throttle=0.15,error500=0.15,truncate=0.15,corrupt=0.15,seed=" + seed);

        assertEquals(0, r.exit(), r.err());
        assertEquals(-1, Files.mismatch(archive.original(), out), "delivered bytes differ from the uploaded ones");
        assertEquals(archive.treeHash(), TreeHash.of(out));
        Map<Faults.Kind, Long> after = fx.sandbox.log().faultCounts();
        for (Faults.Kind k : Faults.Kind.values()) {
            long injected = after.getOrDefault(k, 0L) - before.getOrDefault(k, 0L);
            assertTrue(injected > 0, "seed " + seed + " injected no " + k + " fault: the test would prove nothing");
        }
        Files.delete(out);
    }

    @Test
    void aOneChunkOutputIsRetriedOnItsOwnThreadAndNeverDeliveredCutOrCorrupt() throws Exception {
        // chunk-mib 64 = the archive: the one-chunk path (no pool, no chunk records) with its own retries.
        // Every body cut short, then every body corrupt: each time exactly max-attempts requests, exit 75,
        // nothing delivered; then without faults the same job is delivered whole.
        String job = fx.completedJob(archive, null);
        Path config = fx.config("single", Map.of("thaw.download.chunk-mib", "64", "thaw.download.max-attempts", "3"));
        Path out = fx.work.resolve("single/archive.bin");

        for (Faults.Kind kind : List.of(Faults.Kind.TRUNCATE, Faults.Kind.CORRUPT)) {
            long before = fx.sandbox.log().faults(kind);
            FetchFixture.Run r = fetchWithFaults(job, config, out, kind.name().toLowerCase(Locale.ROOT) + "=1,seed=3");
            assertEquals(75, r.exit(), kind + ": " + r.err());
            assertEquals(3, fx.sandbox.log().faults(kind) - before, kind + ": one request per attempt");
            assertFalse(Files.exists(out), kind + ": nothing may be delivered");
        }
        FetchFixture.Run r = fetchWithFaults(job, config, out, "");

        assertEquals(0, r.exit(), r.err());
        assertEquals(-1, Files.mismatch(archive.original(), out), "delivered bytes differ from the uploaded ones");
        Files.delete(out);
    }

    @Test
    void whenEveryBodyIsCorruptNothingIsDeliveredAndTheRunSaysTryAgain() throws Exception {
        String job = fx.completedJob(archive, null);
        long corruptBefore = fx.sandbox.log().faults(Faults.Kind.CORRUPT);
        FetchFixture.Run r = fetchIntoEmptyFolder("corrupt", job, Map.of("thaw.download.max-attempts", "3"),
                "corrupt=1,seed=9");

        assertEquals(75, r.exit(), r.err());
        assertTrue(r.err().contains("differs from the header's"), r.err());
        assertTrue(r.err().contains("run the same command again"), r.err());
        assertTrue(fx.sandbox.log().faults(Faults.Kind.CORRUPT) > corruptBefore);
    }

    @Test
    void whenGlacierThrottlesEveryCallTheRunSaysTryAgainAndNamesTheSetting() throws Exception {
        String job = fx.completedJob(archive, null);
        long throttledBefore = fx.sandbox.log().faults(Faults.Kind.THROTTLE);
        FetchFixture.Run r = fetchIntoEmptyFolder("throttled", job, Map.of("thaw.download.max-attempts", "2",
                "thaw.download.backoff-ms", "10"), "throttle=1,seed=4");

        assertEquals(75, r.exit(), r.err());
        assertTrue(r.err().contains("DescribeJob for job " + job + " of vault 'faulty' failed 2 times"), r.err());
        assertTrue(r.err().contains("ThrottlingException"), r.err());
        assertTrue(r.err().contains("thaw.download.max-attempts"), r.err());
        // two of thaw's attempts, each with the SDK's own retries
        assertTrue(fx.sandbox.log().faults(Faults.Kind.THROTTLE) - throttledBefore >= 2);
    }

    /** Runs thaw fetch into a new folder with the sandbox's faults on; asserts the folder stays empty. */
    private FetchFixture.Run fetchIntoEmptyFolder(String name, String job, Map<String, String> settings, String faults)
            throws Exception {
        Path config = fx.config(name, settings);
        Path dir = Files.createDirectories(fx.work.resolve(name + "-out"));
        FetchFixture.Run r = fetchWithFaults(job, config, dir, faults);
        // Only the resumable download may stay, hidden in the folder's own staging folder (issue 14).
        Path staging = dir.resolve(".thaw-staging");
        try (var s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> !p.equals(dir) && !p.startsWith(staging)).toList(),
                    "the destination folder must stay empty (no file, no temporary file): " + r.err());
        }
        return r;
    }

    /** Runs thaw fetch of the job to {@code to} while the sandbox injects {@code faults}, then turns them off. */
    private FetchFixture.Run fetchWithFaults(String job, Path config, Path to, String faults) {
        fx.sandbox.setFaults(Faults.parse(faults));
        try {
            return FetchFixture.thaw("fetch", "--vault", "faulty", "--job-id=" + job, "--to", to.toString(),
                    "--config", config.toString(), "--quiet");
        } finally {
            fx.sandbox.setFaults(Faults.NONE);
        }
    }
}
