package io.thaw.notice;

import io.thaw.RouteTestSupport;
import io.thaw.SandboxClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.setup.LocalWiring;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Notices whose processing keeps failing end in the dead-letter queue with their reason after
 * thaw.notices.max-receives receives — and their job is still delivered by the reconciler. A
 * destination that is down is retried with growing back-off (parked), not in a tight loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeFailuresRouteTest extends RouteTestSupport {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String VAULT = "flaky";
    static final Path work;
    static final Path inbox;
    static final Path outbox;
    static final Path blocked;
    static final Sandbox sandbox;
    static final GlacierClient glacier;
    static final SqsClient sqs;
    static final String deadQueue;
    static final LocalWiring.Wired wired;
    static final Properties props = new Properties();

    static {
        try {
            work = Files.createDirectories(Path.of("target/test-work/notice-failures-" + System.nanoTime()));
            inbox = Files.createDirectories(work.resolve("inbox"));
            outbox = work.resolve("outbox");
            blocked = work.resolve("blocked");
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                    .withJobDelays("Expedited=200ms,Standard=200ms,Bulk=200ms"));
            wired = LocalWiring.wire(sandbox.endpoint(), sandbox.region(), props);
            glacier = SandboxClients.glacier(sandbox);
            sqs = SandboxClients.sqs(sandbox);
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            deadQueue = sqs.createQueue(b -> b.queueName("thaw-dead")).queueUrl();
            routeDefaults(props, work, inbox, outbox);
            props.setProperty("thaw.allowed-roots", "file:" + outbox + ",file:" + blocked);
            props.setProperty("thaw.notices.visibility-seconds", "2");
            props.setProperty("thaw.notices.max-receives", "2");
            props.setProperty("thaw.notices.dead-letter-queue-url", deadQueue);
            props.setProperty("thaw.download.max-attempts", "1");
            props.setProperty("thaw.retry.base", "500ms");
            props.setProperty("thaw.retry.max", "4s");
            props.setProperty("thaw.reconcile.tick-ms", "300");
            props.setProperty("thaw.reconcile.grace", "1h");
            props.setProperty("thaw.reconcile.staged-grace", "1h");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopSandbox() throws Exception {
        context.stop(); // the test support leaves a PER_CLASS context running: stop its consumers first
        glacier.close();
        sqs.close();
        sandbox.close();
    }

    @Override
    protected Properties overrides() {
        return props;
    }

    @Test
    void noticeFailingEveryReceiveGoesToTheDeadLetterQueueAndItsJobIsStillDelivered() throws Exception {
        byte[] data = random(50_000, 41);
        String id = upload(data, "flaky/poisoned.bin");
        context.getRouteController().stopRoute("reconcile");
        sandbox.setFaults(Faults.parse("corrupt=1.0,seed=3"));   // every output body is corrupted
        drop("p.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Expedited\"}}");
        List<Message> dead = new ArrayList<>();
        Eventually.await("notice in the dead-letter queue", WAIT, () -> {
            dead.addAll(sqs.receiveMessage(b -> b.queueUrl(deadQueue).messageAttributeNames("All")
                    .waitTimeSeconds(1)).messages());
            return !dead.isEmpty();
        });
        JobRecord job = jobFor(id);
        Message m = dead.get(0);
        assertTrue(m.body().contains(job.jobId()), "raw notice kept: " + m.body());
        String reason = m.messageAttributes().get("thaw-reason").stringValue();
        assertTrue(reason.contains("2 receives") && reason.contains("max-receives"), reason);
        assertEquals(JobState.STAGED, job.state(), "the job is not lost: " + job.error());
        Eventually.await("notice queue drained", WAIT, () -> "0".equals(sqs.getQueueAttributes(b -> b
                .queueUrl(wired.queueUrl()).attributeNamesWithStrings("ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().get("ApproximateNumberOfMessagesNotVisible")));

        sandbox.setFaults(Faults.NONE);
        context.getRouteController().startRoute("reconcile");
        Eventually.await("delivered by the reconciler", WAIT, () -> jobFor(id).state() == JobState.DELIVERED);
        assertEquals(TreeHash.of(data), TreeHash.of(Path.of(URI.create(jobFor(id).deliveredTo()))));
    }

    @Test
    void unreadableNoticeGoesToTheDeadLetterQueueWithItsReason() {
        sqs.sendMessage(b -> b.queueUrl(wired.queueUrl()).messageBody("{\"not\":\"a notice\"}"));
        List<Message> dead = new ArrayList<>();
        Eventually.await("unreadable notice in the dead-letter queue", WAIT, () -> {
            sqs.receiveMessage(b -> b.queueUrl(deadQueue).messageAttributeNames("All").waitTimeSeconds(1)).messages()
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
        Eventually.await("first delivery attempt failed", WAIT, () -> {
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
        Eventually.await("delivered once the destination is back", WAIT, () -> jobFor(id).state() == JobState.DELIVERED);
        assertEquals(TreeHash.of(data), TreeHash.of(Path.of(URI.create(jobFor(id).deliveredTo()))));
    }

    JobRecord jobFor(String archiveId) {
        return store().list(null).stream().filter(j -> archiveId.equals(j.archiveId())).findFirst().orElse(null);
    }

    void drop(String name, String content) throws IOException {
        dropRequest(inbox, name, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return uploadArchive(glacier, VAULT, work, data, description);
    }
}
