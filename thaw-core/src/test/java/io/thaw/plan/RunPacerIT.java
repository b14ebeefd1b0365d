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
import io.thaw.store.Sql;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
class RunPacerIT {

    /** Settings without destinations: every destination in these tests is a folder URI. */
    static final io.thaw.deliver.Destinations NO_DESTINATIONS =
            new io.thaw.deliver.Destinations(io.thaw.ThawConfig.of(key -> null, java.util.Set::of), null);

    static Path work;
    static Sandbox sandbox;
    static GlacierClient glacier;
    /** Like production's pacer: no SDK retries, so the pacer sees each throttling answer. */
    static GlacierClient pacingGlacier;
    JobStore store;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/pacer-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=1h,Standard=1h,Bulk=1h"));
        glacier = SandboxClients.glacier(sandbox);
        pacingGlacier = GlacierClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .overrideConfiguration(o -> o.retryStrategy(
                        software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void stop() {
        glacier.close();
        pacingGlacier.close();
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
        RunItems items = new RunItems(store);
        Run run = new Run("R-" + vault, vault, "-", "Bulk", "file:" + work.resolve("out"), Selection.all(), null, null,
                Run.WAITING_INVENTORY, null, Instant.now(), null);
        runs.create(run);
        new RunPlanner(items, new ArchiveNamer(NameOverrides.none()), NO_DESTINATIONS).plan(run, List.of(inventory));
        runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.RUNNING, null);
        Pace pace = new Pace(jobsPerSecond, 0, maxInFlight, Duration.ofMillis(100));
        return new Fixture(vault, runs, items, pace, run.runId());
    }

    record Fixture(String vault, RunStore runs, RunItems items, Pace pace, String runId) {
    }

    /** The test's own look at the tables (what the store classes do not ask). */
    Sql sql() {
        return new Sql(store.dataSource(), "test");
    }

    RunPacer pacer(Fixture f) {
        return pacer(f, Clock.systemUTC());
    }

    RunPacer pacer(Fixture f, Clock clock) {
        return new RunPacer(f.runs(), f.items(), new JobStarter(glacier, store, sandbox.region(), null), f.pace(),
                clock, new RunFinisher(f.runs(), f.items(), work.resolve("reports")));
    }

    RunPacer pacer(Fixture f, Pace pace, Clock clock, RateTable rates, java.util.function.LongSupplier delivered) {
        return new RunPacer(f.runs(), f.items(), new JobStarter(glacier, store, sandbox.region(), null), pace,
                clock, new RunFinisher(f.runs(), f.items(), work.resolve("reports")), rates, delivered);
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
            return f.items().count(f.runId(), RunItem.QUEUED) == 0;
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
        Fixture f = new Fixture(base.vault(), base.runs(), base.items(), new Pace(100, 64 + 65 + 66, 100, Duration.ofMillis(100)),
                base.runId());
        SteppingClock clock = new SteppingClock();
        RunPacer pacer = pacer(f, clock);
        tickTimes(pacer, clock, 10);
        assertEquals(3, jobsOf("metered").size(), "64 + 65 + 66 bytes fit the day's 195; the next 67 do not");
        assertEquals(195, f.items().bytesStartedSince(Instant.now().minus(Duration.ofDays(1))));
        // the pacer counts its own starts between reads of the store; a restarted one reads what the day holds
        tickTimes(pacer(f, clock), clock, 10);
        assertEquals(3, jobsOf("metered").size(), "a restarted pacer finds the day's 195 bytes started");
    }

    /**
     * A job a run starts carries the inventory's size and tree hash before Glacier finishes it (nothing reads
     * notices here: every job stays REQUESTED), so the notice's facts leave its content index entry in place.
     */
    @Test
    void aStartedJobCarriesTheInventorysSizeAndTreeHash() throws IOException {
        Fixture f = fixture("known", 3, 100, 100);
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60));
        List<String> jobs = sql().list("select j.state || ' ' || coalesce(j.archive_size, -1) || ' '"
                + " || coalesce(j.archive_tree_hash, 'none') || ' = ' || i.archive_size || ' ' || i.tree_hash"
                + " from thaw_job j join thaw_run_item i on"
                + " i.job_id = j.job_id where i.run_id = ? order by i.seq", rs -> rs.getString(1), f.runId());
        assertEquals(3, jobs.size(), jobs.toString());
        for (String j : jobs) {
            String[] sides = j.split(" = ");
            assertEquals("REQUESTED " + sides[1], sides[0], "the job's size and tree hash are the inventory's");
        }
    }

    @Test
    void restartDoesNotStartAnArchiveTwice() throws IOException {
        Fixture f = fixture("restarted", 6, 100, 100);
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60));
        assertEquals(6, jobsOf("restarted").size());
        // A crash between Glacier accepting the job and the item being marked: the item looks queued again.
        sql().update("update thaw_run_item set state = 'QUEUED', job_id = null, started_at = null where run_id = ?"
                + " and seq < 3", f.runId());
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60)); // a new pacer: a restarted process
        assertEquals(6, jobsOf("restarted").size(), "no InitiateJob again");
        Set<String> jobIds = new HashSet<>(sql().list("select job_id from thaw_run_item where run_id = ?",
                rs -> rs.getString(1), f.runId()));
        assertEquals(6, jobIds.size(), "each item follows its original job");
        jobsOf("restarted").forEach(j -> assertTrue(jobIds.contains(j.jobId())));
    }

    /**
     * The pacer commits its starts in batches, so a kill -9 can lose a whole batch: Glacier accepted the jobs,
     * the store has neither them nor their items' STARTED. The restarted pacer's adopting starter finds them
     * in ListJobs and follows them: no InitiateJob again, no second bill.
     */
    @Test
    void aBatchOfStartsLostInACrashIsAdoptedNotStartedAgain() throws IOException {
        Fixture f = fixture("killed", 25, 100, 100); // more archives than one batch commits (20)
        tickUntilDrained(pacer(f), f, Duration.ofSeconds(60));
        assertEquals(25, jobsOf("killed").size());
        // What a kill before the batches' commits leaves: no job records, every item queued again.
        sql().update("delete from thaw_job where vault = 'killed'");
        sql().update("update thaw_run_item set state = 'QUEUED', job_id = null, started_at = null where run_id = ?",
                f.runId());
        RunPacer restarted = adoptingPacer(f, pacingGlacier, 1000);
        tickUntilDrained(restarted, f, Duration.ofSeconds(60));
        assertEquals(25, jobsOf("killed").size(), "no InitiateJob again");
        assertEachItemFollowsAnAcceptedJob(f);
    }

    /**
     * A pacer as production builds it: its first {@code adoptingStarts} starts (and those after a store
     * failure) look in ListJobs for a job Glacier already accepted.
     */
    RunPacer adoptingPacer(Fixture f, GlacierClient client, int adoptingStarts) {
        JobStarter adopting = new JobStarter(client, store, sandbox.region(), null, new io.thaw.glacier.KnownJobs(
                store, new io.thaw.store.JobClaims(store), new io.thaw.glacier.ExistingJobs(client, Duration.ofMinutes(1),
                Clock.systemUTC()), new io.thaw.glacier.ReadyJobs()));
        return new RunPacer(f.runs(), f.items(), new JobStarter(client, store, sandbox.region(), null), f.pace(),
                Clock.systemUTC(), new RunFinisher(f.runs(), f.items(), work.resolve("reports")), RateTable.defaults(),
                () -> 0, adopting, adoptingStarts);
    }

    /** Every item of the run follows one of the jobs Glacier accepted for the vault, and each job is followed. */
    void assertEachItemFollowsAnAcceptedJob(Fixture f) {
        Set<String> followed = new HashSet<>(sql().list("select job_id from thaw_run_item where run_id = ?",
                rs -> rs.getString(1), f.runId()));
        Set<String> accepted = new HashSet<>();
        jobsOf(f.vault()).forEach(j -> accepted.add(j.jobId()));
        assertEquals(accepted, followed, "each item follows the job Glacier accepted for it");
    }

    /**
     * No store transaction is open on the pacer's thread while Glacier answers an InitiateJob (checked from the
     * SDK's interceptor, which runs on the calling thread), and every start is still recorded with its item.
     */
    @Test
    void thePacerHoldsNoTransactionWhileGlacierAnswers() throws Exception {
        Fixture f = fixture("open-tx", 6, 100, 100);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger withTransaction = new java.util.concurrent.atomic.AtomicInteger();
        try (GlacierClient watched = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                .region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                            @Override
                            public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution c,
                                                       software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                                if (c.request() instanceof software.amazon.awssdk.services.glacier.model.InitiateJobRequest) {
                                    calls.incrementAndGet();
                                    if (io.thaw.store.Transaction.current(store.dataSource()) != null) {
                                        withTransaction.incrementAndGet();
                                    }
                                }
                            }
                        })).build()) {
            tickUntilDrained(adoptingPacer(f, watched, 0), f, Duration.ofSeconds(30));
        }
        assertEquals(6, calls.get(), "one InitiateJob per archive");
        assertEquals(0, withTransaction.get(), "InitiateJob calls made while a store transaction was open");
        assertEachItemFollowsAnAcceptedJob(f);
    }

    /**
     * The store fails while the pacer writes a batch of starts (a trigger refuses the fifth job's insert): the jobs
     * Glacier accepted from there to the batch's end are unrecorded. The pacer goes on after the failure and adopts
     * those jobs (ListJobs) instead of starting the archives again. Without the adoption after a failure this
     * starts at least one twice.
     */
    @Test
    void aStoreFailureInABatchOfStartsAdoptsTheJobsGlacierAcceptedInsteadOfPayingTwice() throws Exception {
        Fixture f = fixture("faulted", 8, 100, 100);
        FailFifthInsert.inserts.set(0);
        sql().update("create trigger thaw_test_fail_fifth before insert on thaw_job for each row call '"
                + FailFifthInsert.class.getName() + "'");
        try {
            RunPacer pacer = adoptingPacer(f, pacingGlacier, 0); // a pacer long past its restart: adopts nothing
            RuntimeException failure = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (failure == null && System.nanoTime() < deadline
                    && f.items().count(f.runId(), RunItem.QUEUED) > 0) {
                try {
                    pacer.tick();
                    Thread.sleep(10);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null && String.valueOf(failure.getMessage()).contains("refused the fifth job"),
                    "the store's failure reached the pacer's tick: " + failure);
            tickUntilDrained(pacer, f, Duration.ofSeconds(60));
        } finally {
            sql().update("drop trigger thaw_test_fail_fifth");
        }
        assertTrue(FailFifthInsert.inserts.get() >= 5, "the fifth insert was tried");
        assertEquals(8, jobsOf("faulted").size(), "no archive started twice");
        assertEachItemFollowsAnAcceptedJob(f);
    }

    /** Refuses the fifth job recorded while it is installed (an H2 trigger: H2 runs it in the store's process). */
    public static final class FailFifthInsert implements org.h2.api.Trigger {
        static final java.util.concurrent.atomic.AtomicInteger inserts = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void fire(java.sql.Connection c, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
            if (inserts.incrementAndGet() == 5) {
                throw new java.sql.SQLException("test: the store refused the fifth job");
            }
        }
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
            RunItems items = new RunItems(store);
            Run run = new Run("R-policed", "policed", "-", "Standard", "file:" + work.resolve("out"), Selection.all(),
                    null, null, Run.WAITING_INVENTORY, null, Instant.now(), null);
            runs.create(run);
            new RunPlanner(items, new ArchiveNamer(NameOverrides.none()), NO_DESTINATIONS).plan(run, List.of(inventory));
            runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.RUNNING, null);
            RunPacer pacer = new RunPacer(runs, items, new JobStarter(policed, store, "us-east-1", null),
                    new Pace(100, 0, 100, Duration.ofMillis(100)), Clock.systemUTC(),
                    new RunFinisher(runs, items, work.resolve("reports")));
            pacer.tick();
            pacer.tick();
            Run stopped = runs.run("R-policed").orElseThrow();
            assertEquals(Run.STOPPED, stopped.state());
            assertTrue(stopped.reason().contains("data retrieval policy"), stopped.reason());
            assertTrue(stopped.reason().contains("policed"), "names the vault: " + stopped.reason());
            assertEquals(1, initiateCalls.get(), "stopped at the first refusal, not retried");
            assertEquals(2, items.count("R-policed", RunItem.QUEUED), "nothing lost: both archives still queued");
            assertTrue(RunReport.of(runs, items, "R-policed").toString().contains("data retrieval policy"));
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

    /**
     * The sandbox throttles InitiateJob beyond 8 calls per second (like Glacier's rate limit): the
     * adaptive rate, starting at 40 jobs/s, falls; once throttling stops it climbs again. The operator's
     * cap of 40 jobs/s is never exceeded and every archive starts exactly once.
     */
    @Test
    void startRateFallsOnThrottlingRecoversAfterAndNeverPassesTheCap() throws IOException {
        Fixture f = fixture("adaptive", 120, 40, 1000);
        RunPacer pacer = new RunPacer(f.runs(), f.items(), new JobStarter(pacingGlacier, store, sandbox.region(), null),
                f.pace(), Clock.systemUTC(), new RunFinisher(f.runs(), f.items(), work.resolve("reports")));
        assertEquals(40, pacer.rate(), 1e-9, "starts high: the default 50 jobs/s, held to the cap of 40");
        sandbox.setFaults(Faults.parse("initiate-rate=8"));
        double lowest = pacer.rate();
        double highest = pacer.rate();
        while (f.items().count(f.runId(), RunItem.STARTED) < 40) {
            pacer.tick();
            lowest = Math.min(lowest, pacer.rate());
            highest = Math.max(highest, pacer.rate());
            sleep(20);
        }
        long throttled = sandbox.log().faults(Faults.Kind.THROTTLE);
        assertTrue(throttled > 0, "the sandbox throttled");
        assertTrue(lowest < 10, "the rate fell on throttling: lowest " + lowest);
        sandbox.setFaults(Faults.NONE);
        double atSwitch = pacer.rate();
        Instant switched = Instant.now();
        while (f.items().count(f.runId(), RunItem.QUEUED) > 0) {
            pacer.tick();
            highest = Math.max(highest, pacer.rate());
            sleep(20);
        }
        assertTrue(pacer.rate() > atSwitch, "recovered after throttling stopped: " + atSwitch + " -> " + pacer.rate());
        assertTrue(highest <= 40, "never above the cap: " + highest);
        List<SandboxLog.JobEntry> jobs = jobsOf("adaptive");
        assertEquals(120, jobs.size());
        assertEquals(120, jobs.stream().map(SandboxLog.JobEntry::archiveId).distinct().count(), "each archive once");
        List<Instant> after = jobs.stream().map(SandboxLog.JobEntry::initiated).filter(t -> t.isAfter(switched)).toList();
        if (after.size() > 10) {
            double secs = Duration.between(after.get(0), after.get(after.size() - 1)).toNanos() / 1e9;
            assertTrue((after.size() - 1) / secs <= 40 * 1.1, "measured " + (after.size() - 1) / secs + " jobs/s");
        }
    }

    /** Each start costs 1.00 (a made-up rate): a budget of 3.50 pays for three, then the run stops and says why. */
    @Test
    void aBudgetStopsTheRunWithAClearReportAndLosesNothing() throws IOException {
        Fixture f = fixture("budget", 10, 100, 100);
        Map<String, String> prices = Map.of("thaw.rates.bulk.per-1000-requests", "1000", "thaw.rates.bulk.per-gb", "0",
                "thaw.rates.date", "test rates");
        RateTable rates = RateTable.from(io.thaw.ThawConfig.of(prices::get, prices::keySet));
        SteppingClock clock = new SteppingClock();
        RunPacer pacer = pacer(f, f.pace().withMaxCost(new BigDecimal("3.50")), clock, rates, () -> 0);
        tickTimes(pacer, clock, 5);
        assertEquals(3, jobsOf("budget").size(), "three jobs fit 3.50 at 1.00 each");
        Run run = f.runs().run(f.runId()).orElseThrow();
        assertEquals(Run.STOPPED, run.state());
        assertTrue(run.reason().contains("budget reached: 3 jobs started cost about 3.00 USD (Bulk rates of test rates)"),
                run.reason());
        assertTrue(run.reason().contains("over the budget of 3.50") && run.reason().contains("7 archives"), run.reason());
        assertTrue(run.reason().contains("raise \"maxCost\""), run.reason());
        assertEquals(7, f.items().count(f.runId(), RunItem.QUEUED), "nothing lost: the rest stays queued");
        String report = Files.readString(work.resolve("reports").resolve(f.runId() + ".txt"));
        assertTrue(report.contains("budget reached"), report);
    }

    /** Paused by max-in-flight, the pacer "restarts" (a new instance, the store kept): every archive once, run DONE. */
    @Test
    void aRunPausedByItsCapsResumesAfterARestartWithNothingLost() throws IOException {
        Fixture f = fixture("paused", 8, 100, 3);
        SteppingClock clock = new SteppingClock();
        tickTimes(pacer(f, clock), clock, 5);
        assertEquals(3, jobsOf("paused").size(), "paused at max-in-flight");
        for (int round = 0; round < 5 && f.items().count(f.runId(), RunItem.QUEUED) + inFlight(f) > 0; round++) {
            jobsOf("paused").forEach(j -> store.markDelivered(j.jobId(), "file:/x/" + j.jobId(), 1));
            tickTimes(pacer(f, clock), clock, 3); // a new pacer each round: a restarted process
        }
        assertEquals(8, jobsOf("paused").size());
        assertEquals(8, jobsOf("paused").stream().map(SandboxLog.JobEntry::archiveId).distinct().count());
        assertEquals(Run.DONE, f.runs().run(f.runId()).orElseThrow().state());
        assertEquals(8, RunReport.of(f.runs(), f.items(), f.runId()).count("delivered"));
    }

    long inFlight(Fixture f) {
        return f.items().inFlight();
    }

    /**
     * The window rule with a destination that stalls: output waits (staged) but nothing is delivered for
     * a measured span, so no more starts; once deliveries flow again, starts resume. Cap 0.5 jobs/s on a
     * stepping clock so the measurement comes while archives are still queued.
     */
    @Test
    void inFlightIsBoundedByTheWindowRuleAndASlowDestinationLowersIt() throws IOException {
        Fixture f = fixture("window", 50, 0.5, 0);
        Pace pace = new Pace(0.5, 0, 0, null, Duration.ofMillis(100), 20, 1L << 20, Duration.ofHours(24),
                Duration.ofHours(20));
        java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        SteppingClock clock = new SteppingClock();
        RunPacer pacer = pacer(f, pace, clock, RateTable.defaults(), delivered::get);
        assertEquals((1L << 20) * 4 * 3600, pacer.allowedInFlightBytes(), "1 MiB/s assumed x (24 h - 20 h)");
        int stalledAt = -1;
        for (int s = 0; s < 90; s++) {
            clock.step();
            pacer.tick();
            sql().update("update thaw_job set state = 'STAGED' where state = 'REQUESTED'"); // output waits
            if (stalledAt < 0 && pacer.allowedInFlightBytes() == 0) {
                stalledAt = jobsOf("window").size();
            }
        }
        assertTrue(stalledAt > 0, "a stalled destination was measured: " + pacer.downloadRate());
        assertEquals(stalledAt, jobsOf("window").size(), "no start while nothing is delivered");
        assertTrue(f.items().count(f.runId(), RunItem.QUEUED) > 0);
        for (int s = 0; s < 200 && f.items().count(f.runId(), RunItem.QUEUED) > 0; s++) {
            clock.step();
            sql().update("update thaw_job set state = 'DELIVERED', delivered_at = ? where state in ('REQUESTED',"
                    + " 'STAGED')", Instant.now());
            delivered.addAndGet(10L << 20);
            pacer.tick();
        }
        assertTrue(pacer.downloadRate() > 0, "the rate climbed back once deliveries flowed");
        assertEquals(0, f.items().count(f.runId(), RunItem.QUEUED), "starts resumed");
        assertEquals(50, jobsOf("window").stream().map(SandboxLog.JobEntry::archiveId).distinct().count());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
