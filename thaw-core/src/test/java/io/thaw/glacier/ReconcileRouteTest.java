package io.thaw.glacier;

import io.thaw.RouteTestSupport;
import io.thaw.SandboxClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Polling-only mode (no queue, no SNS topic: no notice ever arrives): the reconcile route alone finds
 * finished jobs, fetches and delivers them, and re-requests jobs whose output expired (404 on
 * DescribeJob, and 404 on GetJobOutput), linking the new job to the old.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileRouteTest extends RouteTestSupport {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String VAULT = "polled";
    static final Path work;
    static final Path inbox;
    static final Path outbox;
    static final Sandbox sandbox;
    static final GlacierClient glacier;
    static final Properties props = new Properties();

    static {
        try {
            work = Files.createDirectories(Path.of("target/test-work/reconcile-" + System.nanoTime()));
            inbox = Files.createDirectories(work.resolve("inbox"));
            outbox = work.resolve("outbox");
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                    .withJobDelays("Expedited=200ms,Standard=500ms,Bulk=800ms"));
            props.setProperty("thaw.aws.endpoint", sandbox.endpoint().toString());
            props.setProperty("thaw.aws.region", sandbox.region());
            props.setProperty("thaw.aws.sandbox-credentials", "true");
            props.setProperty("thaw.notices.queue-url", "");
            props.setProperty("thaw.jobs.sns-topic", "");
            routeDefaults(props, work, inbox, outbox);
            props.setProperty("thaw.reconcile.tick-ms", "300");
            props.setProperty("thaw.reconcile.delay-ms", "300");
            props.setProperty("thaw.reconcile.staged-grace", "1s");
            props.setProperty("thaw.reconcile.poll.expedited", "500ms");
            props.setProperty("thaw.reconcile.poll.standard", "1s");
            props.setProperty("thaw.reconcile.poll.bulk", "1s");
            glacier = SandboxClients.glacier(sandbox);
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopSandbox() throws Exception {
        context.stop(); // the test support leaves a PER_CLASS context running: stop its consumers first
        glacier.close();
        sandbox.close();
    }

    @Override
    protected Properties overrides() {
        return props;
    }

    @Test
    void withoutNoticesEveryTierIsFoundByPollingAndDelivered() throws Exception {
        byte[] a = random(3 * (1 << 20) + 7, 11);
        byte[] b = random(5_000, 12);
        String ia = upload(a, "polled/a.bin");
        String ib = upload(b, "polled/b.bin");
        drop("two.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Bulk\"},"
                + "\"archives\":[\"" + ia + "\",\"" + ib + "\"]}");
        assertDelivered(awaitState(ia, JobState.DELIVERED), a);
        assertDelivered(awaitState(ib, JobState.DELIVERED), b);
        assertEquals(0, sandbox.log().requests("Publish"), "no notice was ever published");
    }

    @Test
    void jobWhoseOutputExpiredUnseenIsRequestedAgainAndDelivered() throws Exception {
        byte[] data = random(40_000, 21);
        String id = upload(data, "polled/late.bin");
        context.getRouteController().stopRoute("reconcile");
        drop("late.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Expedited\"}}");
        JobRecord first = awaitState(id, JobState.REQUESTED);
        sandbox.expireJobOutput(first.jobId());      // DescribeJob now answers 404
        context.getRouteController().startRoute("reconcile");
        JobRecord old = awaitJob(first.jobId(), JobState.EXPIRED);
        JobClaims claims = new JobClaims(store());
        String next = claims.replacedBy(old.jobId()).orElseThrow();
        assertEquals(next, claims.replacementOf(old.jobId()).map(x -> next).orElseThrow());
        JobRecord fresh = awaitJob(next, JobState.DELIVERED);
        assertEquals(id, fresh.archiveId());
        assertDelivered(fresh, data);
        assertTrue(old.error().contains("404"), old.error());
    }

    @Test
    void getJobOutput404OnAStagedJobTriggersTheSameReRequest() throws Exception {
        byte[] data = random(30_000, 31);
        String id = upload(data, "polled/gone.bin");
        context.getRouteController().stopRoute("reconcile");
        drop("gone.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Expedited\"}}");
        JobRecord first = awaitState(id, JobState.REQUESTED);
        sandbox.completeJob(first.jobId());
        var d = glacier.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(first.jobId()));
        assertTrue(store().markStaged(first.jobId(), d.archiveSizeInBytes(), d.archiveSizeInBytes(),
                d.archiveSHA256TreeHash(), d.sha256TreeHash(), Instant.parse(d.completionDate())));
        sandbox.expireJobOutput(first.jobId());      // GetJobOutput now answers 404
        context.getRouteController().startRoute("reconcile");
        JobRecord old = awaitJob(first.jobId(), JobState.EXPIRED);
        String next = new JobClaims(store()).replacedBy(old.jobId()).orElseThrow();
        assertDelivered(awaitJob(next, JobState.DELIVERED), data);
        assertTrue(old.error().contains("404"), old.error());
    }

    // ---- helpers ----

    JobRecord awaitState(String archiveId, JobState state) {
        Eventually.await("archive " + archiveId.substring(0, 8) + " " + state, WAIT, () -> store().list(null).stream()
                .anyMatch(j -> archiveId.equals(j.archiveId()) && j.state() == state));
        return store().list(null).stream().filter(j -> archiveId.equals(j.archiveId()) && j.state() == state)
                .findFirst().orElseThrow();
    }

    JobRecord awaitJob(String jobId, JobState state) {
        Eventually.await("job " + jobId.substring(0, 8) + " " + state, WAIT,
                () -> store().find(jobId).map(j -> j.state() == state).orElse(false));
        return store().find(jobId).orElseThrow();
    }

    void assertDelivered(JobRecord j, byte[] expected) throws IOException {
        Path f = Path.of(URI.create(j.deliveredTo()));
        assertTrue(f.startsWith(outbox.toAbsolutePath()), "inside the destination root: " + f);
        assertEquals(TreeHash.of(expected), TreeHash.of(f));
        try (Stream<Path> s = Files.walk(outbox)) {
            List<Path> same = s.filter(p -> p.getFileName().equals(f.getFileName())).toList();
            assertEquals(1, same.size(), "delivered exactly once: " + same);
        }
    }

    void drop(String name, String content) throws IOException {
        dropRequest(inbox, name, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return uploadArchive(glacier, VAULT, work, data, description);
    }
}
