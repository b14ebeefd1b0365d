package io.thaw.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.SandboxClients;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Batched deletes against the sandbox's ElasticMQ: every handled message goes, ten per SQS call. */
class NoticeDeletionsTest {

    static Sandbox sandbox;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/notice-deletions-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox")));
        sqs = SandboxClients.sqs(sandbox);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sandbox.close();
    }

    @Test
    void handledMessagesAreDeletedTenPerCallAndTheLastBatchIsSentOnStop() throws Exception {
        String queue = sqs.createQueue(b -> b.queueName("deletions")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600"))).queueUrl();
        for (int i = 0; i < 25; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("notice " + n));
        }
        List<Message> received = new ArrayList<>();
        while (received.size() < 25) {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages());
        }
        long batchesBefore = sandbox.log().requests("sqs:DeleteMessageBatch");
        long singlesBefore = sandbox.log().requests("sqs:DeleteMessage");

        NoticeDeletions deletions = new NoticeDeletions(sqs, queue);
        deletions.start();
        for (Message m : received.subList(0, 20)) {
            deletions.delete(m.receiptHandle());
        }
        Eventually.await("20 messages deleted", Duration.ofSeconds(20), () -> inQueue(queue) == 5);
        for (Message m : received.subList(20, 25)) {
            deletions.delete(m.receiptHandle());
        }
        deletions.close(); // the last five go out with the close at the latest
        assertEquals(0, inQueue(queue), "every handled message is deleted");
        long batches = sandbox.log().requests("sqs:DeleteMessageBatch") - batchesBefore;
        assertTrue(batches >= 3 && batches <= 6, "25 deletes take a few batch calls, not 25: " + batches);
        assertEquals(singlesBefore, sandbox.log().requests("sqs:DeleteMessage"), "no single deletes");
    }

    @Test
    void aStaleReceiptHandleIsLoggedNotThrown() {
        String queue = sqs.createQueue(b -> b.queueName("deletions-stale")).queueUrl();
        NoticeDeletions deletions = new NoticeDeletions(sqs, queue);
        deletions.start();
        deletions.delete("not-a-receipt-handle");
        deletions.delete(null);
        deletions.close();
        assertEquals(0, inQueue(queue));
    }

    private static int inQueue(String queue) {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
