package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.SandboxClients;
import io.thaw.ThawConfig;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * The reconciler's decisions against the sandbox over HTTP and a real H2 store, with the clock moved
 * forward instead of waiting 22 hours: the 24 h window, no second job per archive, adoption of jobs
 * Glacier already runs, claims of dead instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobReconcilerTest {

    static final String VAULT = "window";
    final Path work;
    final Sandbox sandbox;
    final GlacierClient glacier;
    final JobStore store;
    final JobClaims claims;
    final ReadyJobs ready = new ReadyJobs();

    JobReconcilerTest() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/reconciler-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=100ms,Standard=100ms,Bulk=100ms"));
        glacier = SandboxClients.glacier(sandbox);
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        store = JobStore.open("jdbc:h2:file:./" + work.resolve("db"), null, null);
        claims = new JobClaims(store);
    }

    @AfterAll
    void close() {
        store.close();
        glacier.close();
        sandbox.close();
    }

    ReliabilitySettings settings(String instance) {
        return ReliabilitySettings.from(ThawConfig.of(Map.of("thaw.window.margin", "PT2H", "thaw.claims.ttl", "PT1M",
                "thaw.instance.id", instance, "thaw.notices.queue-url", "http://queue")::get, java.util.Set::of));
    }

    JobStarter starter() {
        return new JobStarter(glacier, store, sandbox.region(), null,
                new KnownJobs(store, claims, new ExistingJobs(glacier, Duration.ZERO, Clock.systemUTC()), ready));
    }

    JobRecord startAndStage(String archiveId) {
        JobRecord j = starter().start("-", VAULT, JobParameters.builder().type("archive-retrieval").archiveId(archiveId)
                .tier("Expedited").build(), new JobStarter.Purpose("file:" + work.resolve("out"), null, null, null));
        sandbox.completeJob(j.jobId());
        var d = glacier.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(j.jobId()));
        store.markStaged(j.jobId(), d.archiveSizeInBytes(), d.archiveSizeInBytes(), d.archiveSHA256TreeHash(),
                d.sha256TreeHash(), Instant.parse(d.completionDate()));
        return store.find(j.jobId()).orElseThrow();
    }

    @Test
    void jobNotDeliveredByTheMarginBeforeItsWindowClosesIsRequestedAgain() throws IOException, InterruptedException {
        JobRecord old = startAndStage(upload(1));
        ReliabilitySettings s = settings("a");
        JobStarter starter = starter();
        JobRenewer renewer = new JobRenewer(starter, claims);
        Clock at21h = Clock.fixed(old.completedAt().plus(Duration.ofHours(21)), ZoneOffset.UTC);
        assertTrue(new JobReconciler(glacier, store, claims, renewer, s, at21h, ready).reconcile().isEmpty()
                || store.find(old.jobId()).orElseThrow().state() == JobState.STAGED, "21 h: still in the window");
        assertEquals(JobState.STAGED, store.find(old.jobId()).orElseThrow().state());

        // The new job completes 0.1 s after it starts. Started over a second after the old one completed, it is
        // still inside its own window at 22 h + 1 s; else the second pass below would rightly renew it too (a CI
        // run saw that when both completed within the same second).
        Thread.sleep(1100);
        Clock at22h = Clock.fixed(old.completedAt().plus(Duration.ofHours(22)).plusSeconds(1), ZoneOffset.UTC);
        new JobReconciler(glacier, store, claims, renewer, s, at22h, ready).reconcile();
        JobRecord expired = store.find(old.jobId()).orElseThrow();
        assertEquals(JobState.EXPIRED, expired.state());
        String next = claims.replacedBy(old.jobId()).orElseThrow();
        assertEquals(next, claims.replacementOf(old.jobId()).orElseThrow());
        JobRecord fresh = store.find(next).orElseThrow();
        // the sandbox finishes jobs after 100 ms: the same reconcile pass may already have staged the new one
        assertTrue(fresh.state() == JobState.REQUESTED || fresh.state() == JobState.STAGED, fresh.state().name());
        assertEquals(old.archiveId(), fresh.archiveId());
        assertEquals(old.destination(), fresh.destination());
        assertEquals(2, jobsFor(old.archiveId()), "exactly one new InitiateJob for the archive");
        assertTrue(expired.error().contains("thaw.window.margin"), expired.error());

        new JobReconciler(glacier, store, claims, renewer, s, at22h, ready).reconcile();
        assertEquals(2, jobsFor(old.archiveId()), "a second pass starts nothing more");
    }

    @Test
    void aSecondRequestForTheSameArchiveAndDestinationReusesTheJob() throws IOException {
        String archive = upload(2);
        JobRecord first = startAndStage(archive);
        long initiated = sandbox.log().requests("InitiateJob");
        JobRecord again = starter().start("-", VAULT, JobParameters.builder().type("archive-retrieval").archiveId(archive)
                .build(), new JobStarter.Purpose("file:" + work.resolve("out"), null, "other.json", "otherhash"));
        assertEquals(first.jobId(), again.jobId());
        assertEquals(initiated, sandbox.log().requests("InitiateJob"));
    }

    @Test
    void aJobGlacierRunsThatTheStoreDoesNotKnowIsAdoptedNotDuplicated() throws IOException {
        String archive = upload(3);
        // Started by another tool (or by thaw just before a crash, before it could record it).
        String foreign = glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT).jobParameters(p -> p
                .type("archive-retrieval").archiveId(archive).tier("Bulk"))).jobId();
        sandbox.completeJob(foreign);
        long initiated = sandbox.log().requests("InitiateJob");
        JobRecord j = starter().start("-", VAULT, JobParameters.builder().type("archive-retrieval").archiveId(archive)
                .build(), new JobStarter.Purpose("file:" + work.resolve("out"), null, "r.json", "h3"));
        assertEquals(foreign, j.jobId());
        assertEquals(JobState.STAGED, j.state(), "a completed job is adopted ready to fetch");
        assertEquals(initiated, sandbox.log().requests("InitiateJob"));
        // No notice will come for it (it went out before thaw knew the job): the next tick hands it to the
        // fetch route, not the staged grace (minutes) later.
        JobReconciler reconciler = new JobReconciler(glacier, store, claims, new JobRenewer(starter(), claims),
                settings("adopter"), Clock.systemUTC(), ready);
        assertTrue(reconciler.reconcile().contains(foreign), "adopted completed job fetched on the next tick");
        assertFalse(reconciler.reconcile().contains(foreign), "handed over once; after that the staged grace rules");
    }

    @Test
    void aDeadInstancesClaimIsTakenOverOnlyAfterItExpires() throws IOException {
        JobRecord j = startAndStage(upload(4));
        Instant now = Instant.now();
        assertTrue(claims.claim(j.jobId(), "dead", now, now.plusSeconds(60)));
        assertTrue(!claims.claim(j.jobId(), "alive", now, now.plusSeconds(60)), "a live claim is respected");
        assertTrue(claims.abandoned(now, 500).stream().noneMatch(r -> r.jobId().equals(j.jobId())));
        Instant later = now.plusSeconds(61);
        assertTrue(claims.abandoned(later, 500).stream().anyMatch(r -> r.jobId().equals(j.jobId())));
        assertTrue(claims.claim(j.jobId(), "alive", later, later.plusSeconds(60)), "an expired claim is taken over");
        assertTrue(claims.heldClaim(j.jobId(), "alive").isPresent());
        assertTrue(!claims.heldClaim(j.jobId(), "dead").isPresent());
        assertNotEquals(0, claims.refreshClaims("alive", later.plusSeconds(120)));
    }

    /**
     * An instance restarted under the same id (thaw.instance.id, or host name and pid 1 in a container)
     * releases what its dead run held, and its own claim refresh must not take those jobs back: the
     * reconciler hands them to the fetch route on its first tick. (CrashRecoveryH2IT hung on this.)
     */
    @Test
    void aRestartedInstanceReleasesItsDeadRunsClaimsForGood() throws IOException {
        JobRecord j = startAndStage(upload(5));
        Instant now = Instant.now();
        assertTrue(claims.claim(j.jobId(), "same-id", now, now.plusSeconds(60)), "the run before the crash");
        assertEquals(1, claims.releaseClaimsOf("same-id"), "at start");
        claims.refreshClaims("same-id", now.plusSeconds(60)); // the new run's claim keeper, before the first tick
        assertTrue(claims.abandoned(now, 500).stream().anyMatch(r -> r.jobId().equals(j.jobId())));
        ReliabilitySettings s = settings("same-id");
        assertTrue(new JobReconciler(glacier, store, claims, new JobRenewer(starter(), claims), s, Clock.systemUTC(),
                ready).reconcile().contains(j.jobId()), "taken over on the first tick");
        assertTrue(claims.claim(j.jobId(), "same-id", now, now.plusSeconds(60)));
    }

    /**
     * A tick takes at most thaw.reconcile.batch jobs of a kind, the rest on the next ticks: with tens of
     * thousands in flight, one tick held them all and asked Glacier about every one.
     */
    @Test
    void aTickAsksAboutABatchOfRequestedJobsAndTheNextTicksTheRest() throws IOException {
        Path dir = Files.createDirectories(work.resolve("batch"));
        try (JobStore own = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            JobClaims ownClaims = new JobClaims(own);
            JobStarter starter = new JobStarter(glacier, own, sandbox.region(), null, new KnownJobs(own, ownClaims,
                    new ExistingJobs(glacier, Duration.ZERO, Clock.systemUTC()), ready));
            for (int i = 0; i < 5; i++) {
                JobRecord j = starter.start("-", VAULT, JobParameters.builder().type("archive-retrieval")
                        .archiveId(upload(100 + i)).tier("Bulk").build(),
                        new JobStarter.Purpose("file:" + work.resolve("out"), null, null, null));
                sandbox.completeJob(j.jobId()); // finished, no notice seen: the reconciler's DescribeJob stages it
            }
            ReliabilitySettings s = ReliabilitySettings.from(ThawConfig.of(Map.of("thaw.reconcile.batch", "2",
                    "thaw.instance.id", "batcher", "thaw.notices.queue-url", "http://queue")::get, java.util.Set::of));
            Clock pastGrace = Clock.fixed(Instant.now().plus(Duration.ofMinutes(31)), ZoneOffset.UTC);
            JobReconciler reconciler = new JobReconciler(glacier, own, ownClaims, new JobRenewer(starter, ownClaims), s,
                    pastGrace, ready);
            java.util.List<Long> asked = new java.util.ArrayList<>();
            for (int tick = 0; tick < 4; tick++) {
                long before = sandbox.log().requests("DescribeJob");
                java.util.List<String> fetch = reconciler.reconcile();
                asked.add(sandbox.log().requests("DescribeJob") - before);
                assertTrue(fetch.size() <= 4, "at most a batch of newly staged and a batch of staged jobs: " + fetch);
            }
            assertEquals(java.util.List.of(2L, 2L, 1L, 0L), asked, "DescribeJob calls per tick");
            assertEquals(5L, own.countByState().get(JobState.STAGED), "every job was asked about and staged");
        }
    }

    long jobsFor(String archiveId) {
        return sandbox.log().jobs().stream().filter(e -> archiveId.equals(e.archiveId())).count();
    }

    String upload(long seed) throws IOException {
        byte[] b = new byte[20_000];
        new Random(seed).nextBytes(b);
        Path f = Files.createTempFile(work, "a", ".bin");
        Files.write(f, b);
        String id = new ArchiveUploader(glacier).upload(VAULT, f, "w/" + seed + ".bin").archiveId();
        Files.delete(f);
        return id;
    }
}
