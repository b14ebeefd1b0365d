package io.thaw.notice;

import static io.thaw.testing.ThawRoutes.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Faults;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Notices whose processing keeps failing end in the dead-letter queue with their reason after
 * thaw.notices.max-receives receives — and their job is still delivered by the reconciler. A
 * destination that is down is retried with growing back-off (parked), not in a tight loop.
 */
class NoticeFailuresRouteIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String VAULT = "flaky";
    static String deadQueue;
    static Path blocked;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=200ms,Bulk=200ms")
            .timeout(WAIT)
            .set("thaw.notices.visibility-seconds", "2")
            .set("thaw.notices.max-receives", "2")
            .set("thaw.download.max-attempts", "1")
            .set("thaw.retry.base", "500ms")
            .set("thaw.retry.max", "4s")
            .set("thaw.reconcile.tick-ms", "300")
            .set("thaw.reconcile.grace", "1h")
            .set("thaw.reconcile.staged-grace", "1h")
            .before(t -> {
                blocked = t.work().resolve("blocked");
                t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
                deadQueue = t.sqs().createQueue(b -> b.queueName("thaw-dead")).queueUrl();
                t.properties().setProperty("thaw.allowed-roots", "file:" + t.outbox() + ",file:" + blocked);
                t.properties().setProperty("thaw.notices.dead-letter-queue-url", deadQueue);
            });

    @Test
    void noticeFailingEveryReceiveGoesToTheDeadLetterQueueAndItsJobIsStillDelivered() throws Exception {
        byte[] data = random(50_000, 41);
        String id = upload(data, "flaky/poisoned.bin");
        thaw.context().getRouteController().stopRoute("reconcile");
        thaw.sandbox().setFaults(Faults.parse("corrupt=1.0,seed=3"));   // every output body is corrupted
        drop("p.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Expedited\"}}");
        List<Message> dead = new ArrayList<>();
        thaw.await("notice in the dead-letter queue", () -> {
            dead.addAll(thaw.sqs().receiveMessage(b -> b.queueUrl(deadQueue).messageAttributeNames("All")
                    .waitTimeSeconds(1)).messages());
            return !dead.isEmpty();
        });
        JobRecord job = jobFor(id);
        Message m = dead.get(0);
        assertTrue(m.body().contains(job.jobId()), "raw notice kept: " + m.body());
        String reason = m.messageAttributes().get("thaw-reason").stringValue();
        assertTrue(reason.contains("2 receives") && reason.contains("max-receives"), reason);
        assertEquals(JobState.STAGED, job.state(), "the job is not lost: " + job.error());
        thaw.await("notice queue drained", () -> "0".equals(thaw.sqs().getQueueAttributes(b -> b
                .queueUrl(thaw.wired().queueUrl()).attributeNamesWithStrings("ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().get("ApproximateNumberOfMessagesNotVisible")));

        thaw.sandbox().setFaults(Faults.NONE);
        thaw.context().getRouteController().startRoute("reconcile");
        thaw.await("delivered by the reconciler", () -> jobFor(id).state() == JobState.DELIVERED);
        assertEquals(TreeHash.of(data), TreeHash.of(Path.of(URI.create(jobFor(id).deliveredTo()))));
    }

    @Test
    void unreadableNoticeGoesToTheDeadLetterQueueWithItsReason() {
        thaw.sqs().sendMessage(b -> b.queueUrl(thaw.wired().queueUrl()).messageBody("{\"not\":\"a notice\"}"));
        List<Message> dead = new ArrayList<>();
        thaw.await("unreadable notice in the dead-letter queue", () -> {
            thaw.sqs().receiveMessage(b -> b.queueUrl(deadQueue).messageAttributeNames("All").waitTimeSeconds(1)).messages()
                    .stream().filter(m -> m.body().contains("a notice")).forEach(dead::add);
            return !dead.isEmpty();
        });
        assertTrue(dead.get(0).messageAttributes().get("thaw-reason").stringValue().contains("Glacier job notice"));
    }

    @Test
    void destinationDownIsRetriedWithBackOffNotInALoopAndDeliveredWhenItIsBack() throws Exception {
        Files.writeString(blocked, "a file where the destination folder should be");
        byte[] data = random(20_000, 51);
        String id = upload(data, "flaky/parked.bin");
        drop("b.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"file:" + blocked + "\",\"job\":{\"Type\":"
                + "\"archive-retrieval\",\"ArchiveId\":\"" + id + "\",\"Tier\":\"Expedited\"}}");
        thaw.await("first delivery attempt failed", () -> {
            JobRecord j = jobFor(id);
            return j != null && j.attempts() >= 1 && j.error() != null && j.state() == JobState.STAGED;
        });
        int first = jobFor(id).attempts();
        Thread.sleep(8_000);   // a window to count attempts in, not an assertion about timing
        int during = jobFor(id).attempts() - first;
        // Back-off 0.5 s doubling to 4 s: at most ~5 attempts in 8 s; spinning at the 300 ms tick would be ~25.
        assertTrue(during <= 7, "attempts while the destination was down: " + during);
        assertEquals(JobState.STAGED, jobFor(id).state());

        Files.delete(blocked);
        Files.createDirectories(blocked);
        thaw.await("delivered once the destination is back", () -> jobFor(id).state() == JobState.DELIVERED);
        assertEquals(TreeHash.of(data), TreeHash.of(Path.of(URI.create(jobFor(id).deliveredTo()))));
    }

    JobRecord jobFor(String archiveId) {
        return thaw.store().list(null).stream().filter(j -> archiveId.equals(j.archiveId())).findFirst().orElse(null);
    }

    void drop(String name, String content) throws IOException {
        thaw.drop(name, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return thaw.upload(VAULT, data, description);
    }
}
