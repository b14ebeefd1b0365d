package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.SandboxClients;
import io.thaw.glacier.JobStarter;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxLog;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * The pacer against the sandbox over HTTP: the configured jobs-per-second holds (± 10 %), max-in-flight
 * caps what is started, a restart does not start an archive twice, throttling is backed off from. No
 * notice consumer runs here, so started jobs stay in flight until the test says otherwise.
 */
class RunPacerTest {

    static Path work;
    static Sandbox sandbox;
    static GlacierClient glacier;
    JobStore store;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/pacer-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=1h,Standard=1h,Bulk=1h"));
        glacier = SandboxClients.glacier(sandbox);
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sandbox.close();
    }

    @AfterEach
    void closeStore() {
        sandbox.setFaults(Faults.NONE);
        if (store != null) {
            store.close();
        }
    }

    /** A vault of {@code n} small archives, a store, and a RUNNING run over all of them. */
    Fixture fixture(String vault, int n, double jobsPerSecond, int maxInFlight) throws IOException {
        glacier.createVault(b -> b.accountId("-").vaultName(vault));
        StringBuilder inv = new StringBuilder("{\"VaultARN\":\"arn:aws:glacier:us-east-1:012345678901:vaults/" + vault
                + "\",\"InventoryDate\":\"2025-01-01T00:00:00Z\",\"ArchiveList\":[");
        Random r = new Random(vault.hashCode());
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[64 + i];
            r.nextBytes(b);
            Path f = Files.write(work.resolve(vault + "-" + i), b);
            ArchiveUploader.Uploaded u = new ArchiveUploader(glacier).upload(vault, f, "file-" + i + ".bin");
            Files.delete(f);
            inv.append(i == 0 ? "" : ",").append("{\"ArchiveId\":\"").append(u.archiveId())
                    .append("\",\"ArchiveDescription\":\"file-").append(i).append(".bin\",\"CreationDate\":")
                    .append("\"2025-01-01T00:00:00Z\",\"Size\":").append(u.size()).append(",\"SHA256TreeHash\":\"")
                    .append(u.treeHash()).append("\"}");
        }
        Path inventory = Files.writeString(work.resolve(vault + ".json"), inv.append("]}").toString());
        store = JobStore.open("jdbc:h2:file:./" + work.resolve(vault + "-db"), null, null);
        RunStore runs = new RunStore(store);
        Run run = new Run("R-" + vault, vault, "-", "Bulk", "file:" + work.resolve("out"), Selection.all(), null, null,
                Run.WAITING_INVENTORY, null, Instant.now(), null);
        runs.create(run);
        new RunPlanner(runs, new ArchiveNamer(NameOverrides.none()), null).plan(run, List.of(inventory));
        runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.RUNNING, null);
        Pace pace = new Pace(jobsPerSecond, 0, maxInFlight, Duration.ofMillis(100));
        return new Fixture(vault, runs, pace, run.runId());
    }

    record Fixture(String vault, RunStore runs, Pace pace, String runId) {
    }

    RunPacer pacer(Fixture f) {
        return pacer(f, Clock.systemUTC());
    }

    RunPacer pacer(Fixture f, Clock clock) {
        return new RunPacer(f.runs(), store, new JobStarter(glacier, store, sandbox.region(), null), f.pace(),
                clock, new RunFinisher(f.runs(), work.resolve("reports")));
    }

    /** A clock the test moves: each tick sees a second pass, so permits never limit what the test checks. */
    static final class SteppingClock extends Clock {
        private Instant now = Instant.now();

        void step() {
            now = now.plusSeconds(1);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static void tickTimes(RunPacer pacer, SteppingClock clock, int n) {
        for (int i = 0; i < n; i++) {
            clock.step();
            pacer.tick();
        }
    }

    /** Ticks like the timer route does until nothing is queued (or the timeout). */
    static void tickUntilDrained(RunPacer pacer, Fixture f, Duration timeout) {
        Eventually.await("queue of " + f.vault() + " drained", timeout, () -> {
            pacer.tick();
            return f.runs().count(f.runId(), RunItem.QUEUED) == 0;
        });
    }

    List<SandboxLog.JobEntry> jobsOf(String vault) {
        return sandbox.log().jobs().stream().filter(j -> j.vault().equals(vault)).toList();
    }

    @Test
    void jobsPerSecondHoldsWithinTenPercent() throws IOException {
        // bench/ runs this with -Dbench.pace.rate and -Dbench.pace.jobs for other figures
        double wanted = Double.parseDouble(System.getProperty("bench.pace.rate", "20"));
        int count = Integer.getInteger("bench.pace.jobs", 100);
        Fixture f = fixture("paced-" + count + "-" + (int) (wanted * 10), count, wanted, 1000);
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60));
        List<SandboxLog.JobEntry> jobs = jobsOf(f.vault());
        assertEquals(count, jobs.size());
        double seconds = Duration.between(jobs.get(0).initiated(), jobs.get(jobs.size() - 1).initiated()).toNanos() / 1e9;
        double rate = (jobs.size() - 1) / seconds;
        System.out.printf("pace: configured %s jobs/s, measured %.2f jobs/s over %d jobs (%.2f s)%n", wanted, rate,
                jobs.size(), seconds);
        assertTrue(rate >= wanted * 0.9 && rate <= wanted * 1.1, "measured " + rate + " jobs/s for a configured " + wanted);
    }

    @Test
    void maxInFlightCapsStartsUntilJobsAreDelivered() throws IOException {
        Fixture f = fixture("capped", 12, 100, 5);
        SteppingClock clock = new SteppingClock();
        RunPacer pacer = pacer(f, clock);
        tickTimes(pacer, clock, 10);
        assertEquals(5, jobsOf("capped").size(), "five in flight, the cap");
        List<String> first = jobsOf("capped").stream().map(SandboxLog.JobEntry::jobId).toList();
        store.markDelivered(first.get(0), "file:/x", 1);
        store.markFailed(first.get(1), "test");
        tickTimes(pacer, clock, 10);
        assertEquals(7, jobsOf("capped").size(), "two left flight (delivered, failed): two more started");
    }

    @Test
    void bytesPerDayLimitsWhatStartsInTheRollingDay() throws IOException {
        Fixture base = fixture("metered", 6, 100, 100); // archive i has 64 + i bytes, queued in that order
        Fixture f = new Fixture(base.vault(), base.runs(), new Pace(100, 64 + 65 + 66, 100, Duration.ofMillis(100)),
                base.runId());
        SteppingClock clock = new SteppingClock();
        RunPacer pacer = pacer(f, clock);
        tickTimes(pacer, clock, 10);
        assertEquals(3, jobsOf("metered").size(), "64 + 65 + 66 bytes fit the day's 195; the next 67 do not");
        assertEquals(195, f.runs().bytesStartedSince(Instant.now().minus(Duration.ofDays(1))));
    }

    @Test
    void restartDoesNotStartAnArchiveTwice() throws IOException {
        Fixture f = fixture("restarted", 6, 100, 100);
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60));
        assertEquals(6, jobsOf("restarted").size());
        // A crash between Glacier accepting the job and the item being marked: the item looks queued again.
        f.runs().update("update thaw_run_item set state = 'QUEUED', job_id = null, started_at = null where run_id = ?"
                + " and seq < 3", f.runId());
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60)); // a new pacer: a restarted process
        assertEquals(6, jobsOf("restarted").size(), "no InitiateJob again");
        Set<String> jobIds = new HashSet<>(f.runs().list("select job_id from thaw_run_item where run_id = ?",
                rs -> rs.getString(1), f.runId()));
        assertEquals(6, jobIds.size(), "each item follows its original job");
        jobsOf("restarted").forEach(j -> assertTrue(jobIds.contains(j.jobId())));
    }

    /**
     * Glacier's answer when the account's data retrieval policy refuses a Standard retrieval, sent by
     * a minimal HTTP server in Glacier's wire format (the sandbox has no retrieval policy).
     */
    @Test
    void policyRefusalStopsTheRunAndNamesTheDataRetrievalPolicy() throws Exception {
        com.sun.net.httpserver.HttpServer refusing = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger initiateCalls = new java.util.concurrent.atomic.AtomicInteger();
        refusing.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            initiateCalls.incrementAndGet();
            byte[] body = ("{\"code\":\"PolicyEnforcedException\",\"message\":\"InitiateJob request denied by current"
                    + " data retrieval policy.\",\"type\":\"Client\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(400, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        refusing.start();
        try (GlacierClient policed = GlacierClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + refusing.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build()) {
            Path inventory = Files.writeString(work.resolve("policed.csv"), "ArchiveId,ArchiveDescription,CreationDate,"
                    + "Size,SHA256TreeHash\nid-one,\"a.bin\",2020-01-01T00:00:00Z,10," + "a".repeat(64)
                    + "\nid-two,\"b.bin\",2020-01-01T00:00:00Z,20," + "b".repeat(64) + "\n");
            store = JobStore.open("jdbc:h2:file:./" + work.resolve("policed-db"), null, null);
            RunStore runs = new RunStore(store);
            Run run = new Run("R-policed", "policed", "-", "Standard", "file:" + work.resolve("out"), Selection.all(),
                    null, null, Run.WAITING_INVENTORY, null, Instant.now(), null);
            runs.create(run);
            new RunPlanner(runs, new ArchiveNamer(NameOverrides.none()), null).plan(run, List.of(inventory));
            runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.RUNNING, null);
            RunPacer pacer = new RunPacer(runs, store, new JobStarter(policed, store, "us-east-1", null),
                    new Pace(100, 0, 100, Duration.ofMillis(100)), Clock.systemUTC(),
                    new RunFinisher(runs, work.resolve("reports")));
            pacer.tick();
            pacer.tick();
            Run stopped = runs.run("R-policed").orElseThrow();
            assertEquals(Run.STOPPED, stopped.state());
            assertTrue(stopped.reason().contains("data retrieval policy"), stopped.reason());
            assertTrue(stopped.reason().contains("policed"), "names the vault: " + stopped.reason());
            assertEquals(1, initiateCalls.get(), "stopped at the first refusal, not retried");
            assertEquals(2, runs.count("R-policed", RunItem.QUEUED), "nothing lost: both archives still queued");
            assertTrue(RunReport.of(runs, "R-policed").toString().contains("data retrieval policy"));
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void throttlingIsBackedOffAndEveryArchiveStartsOnce() throws IOException {
        Fixture f = fixture("throttled", 10, 50, 100);
        sandbox.setFaults(Faults.parse("throttle=0.7,seed=5"));
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(120));
        sandbox.setFaults(Faults.NONE);
        assertTrue(sandbox.log().faults(Faults.Kind.THROTTLE) > 0, "throttling was injected");
        List<SandboxLog.JobEntry> jobs = jobsOf("throttled");
        assertEquals(10, jobs.size());
        assertEquals(10, jobs.stream().map(SandboxLog.JobEntry::archiveId).distinct().count());
    }
}
