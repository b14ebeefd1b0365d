package io.thaw.glacier;

import static io.thaw.testing.ThawRoutes.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Polling-only mode (no queue, no SNS topic: no notice ever arrives): the reconcile route alone finds
 * finished jobs, fetches and delivers them, and re-requests jobs whose output expired (404 on
 * DescribeJob, and 404 on GetJobOutput), linking the new job to the old.
 */
class ReconcileRouteTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String VAULT = "polled";
    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=500ms,Bulk=800ms")
            .withoutWiring()
            .timeout(WAIT)
            .set("thaw.reconcile.tick-ms", "300")
            .set("thaw.reconcile.delay-ms", "300")
            .set("thaw.reconcile.staged-grace", "1s")
            .set("thaw.reconcile.poll.expedited", "500ms")
            .set("thaw.reconcile.poll.standard", "1s")
            .set("thaw.reconcile.poll.bulk", "1s")
            .before(t -> t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT)));

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
        assertEquals(0, thaw.sandbox().log().requests("Publish"), "no notice was ever published");
    }

    @Test
    void jobWhoseOutputExpiredUnseenIsRequestedAgainAndDelivered() throws Exception {
        byte[] data = random(40_000, 21);
        String id = upload(data, "polled/late.bin");
        thaw.context().getRouteController().stopRoute("reconcile");
        drop("late.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Expedited\"}}");
        JobRecord first = awaitState(id, JobState.REQUESTED);
        thaw.sandbox().expireJobOutput(first.jobId());      // DescribeJob now answers 404
        thaw.context().getRouteController().startRoute("reconcile");
        JobRecord old = awaitJob(first.jobId(), JobState.EXPIRED);
        JobClaims claims = new JobClaims(thaw.store());
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
        thaw.context().getRouteController().stopRoute("reconcile");
        drop("gone.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Expedited\"}}");
        JobRecord first = awaitState(id, JobState.REQUESTED);
        thaw.sandbox().completeJob(first.jobId());
        var d = thaw.glacier().describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(first.jobId()));
        assertTrue(thaw.store().markStaged(first.jobId(), d.archiveSizeInBytes(), d.archiveSizeInBytes(),
                d.archiveSHA256TreeHash(), d.sha256TreeHash(), Instant.parse(d.completionDate())));
        thaw.sandbox().expireJobOutput(first.jobId());      // GetJobOutput now answers 404
        thaw.context().getRouteController().startRoute("reconcile");
        JobRecord old = awaitJob(first.jobId(), JobState.EXPIRED);
        String next = new JobClaims(thaw.store()).replacedBy(old.jobId()).orElseThrow();
        assertDelivered(awaitJob(next, JobState.DELIVERED), data);
        assertTrue(old.error().contains("404"), old.error());
    }

    // ---- helpers ----

    JobRecord awaitState(String archiveId, JobState state) {
        thaw.await("archive " + archiveId.substring(0, 8) + " " + state, () -> thaw.store().list(null).stream()
                .anyMatch(j -> archiveId.equals(j.archiveId()) && j.state() == state));
        return thaw.store().list(null).stream().filter(j -> archiveId.equals(j.archiveId()) && j.state() == state)
                .findFirst().orElseThrow();
    }

    JobRecord awaitJob(String jobId, JobState state) {
        thaw.await("job " + jobId.substring(0, 8) + " " + state, WAIT,
                () -> thaw.store().find(jobId).map(j -> j.state() == state).orElse(false));
        return thaw.store().find(jobId).orElseThrow();
    }

    void assertDelivered(JobRecord j, byte[] expected) throws IOException {
        Path f = Path.of(URI.create(j.deliveredTo()));
        assertTrue(f.startsWith(thaw.outbox()), "inside the destination root: " + f);
        assertEquals(TreeHash.of(expected), TreeHash.of(f));
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            List<Path> same = s.filter(p -> p.getFileName().equals(f.getFileName())).toList();
            assertEquals(1, same.size(), "delivered exactly once: " + same);
        }
    }

    void drop(String name, String content) throws IOException {
        thaw.drop(name, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return thaw.upload(VAULT, data, description);
    }
}
