package io.thaw.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.testing.ThawRoutes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The notice receiver asks SQS for batches, not for each notice: 300 notices sent one by one at about
 * 200 a second (as Glacier's completions arrive in a big run) must be taken in at most one receive per
 * three notices (about one per nine here). Without the receiver's linger ({@link NoticePolls}) a receiver
 * that hands each notice to a worker at once asks again at once and finds the one or two that arrived
 * meanwhile: about two receives per three notices here. The notices are for jobs thaw did not start, so
 * each is handled at once and deleted.
 */
class NoticeBatchesIT {

    static final int NOTICES = 300;
    /** Longer than the default 50 ms, so a receiver that lingered after full batches too would be seen. */
    static final long LINGER_MS = 500;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().timeout(Duration.ofSeconds(90))
            .set("thaw.notices.linger-ms", String.valueOf(LINGER_MS));

    @Test
    void noticesArrivingOneByOneAreReceivedInBatches() throws Exception {
        String queue = thaw.wired().queueUrl();
        long receivesBefore = thaw.sandbox().log().requests("sqs:ReceiveMessage");
        long start = System.nanoTime();
        for (int i = 0; i < NOTICES; i++) {
            String body = NOTICE.replace("JOB", "job-" + i);
            thaw.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
            // about 200 a second, whatever a send costs here
            long due = start + (i + 1) * 5_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        long sent = System.nanoTime();
        thaw.await("every notice handled and deleted", Duration.ofSeconds(60), () -> left(queue) == 0);
        long receives = thaw.sandbox().log().requests("sqs:ReceiveMessage") - receivesBefore;
        System.out.println("NoticeBatchesIT: " + receives + " receives for " + NOTICES + " notices");
        assertTrue(receives <= NOTICES / 3, receives + " receives for " + NOTICES + " notices sent in "
                + Duration.ofNanos(sent - start).toMillis() + " ms");
        assertEquals(0, left(queue));
    }

    /**
     * A backlog drains at full speed: 200 notices waiting when the receiver starts come in full batches, each
     * followed by the next receive at once — about 20 receives and no linger, where lingering after each
     * would take over 9 s.
     */
    @Test
    void aBacklogIsReceivedInFullBatchesWithoutLingering() throws Exception {
        String queue = thaw.wired().queueUrl();
        thaw.context().getRouteController().stopRoute("receive-notices");
        for (int i = 0; i < 200; i++) {
            String body = NOTICE.replace("JOB", "backlog-" + i);
            thaw.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
        }
        long receivesBefore = thaw.sandbox().log().requests("sqs:ReceiveMessage");
        long start = System.nanoTime();
        thaw.context().getRouteController().startRoute("receive-notices");
        thaw.await("the backlog handled and deleted", Duration.ofSeconds(60), () -> left(queue) == 0);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        long receives = thaw.sandbox().log().requests("sqs:ReceiveMessage") - receivesBefore;
        System.out.println("NoticeBatchesIT: backlog of 200 in " + millis + " ms, " + receives + " receives");
        assertTrue(receives <= 40, receives + " receives for a backlog of 200");
        assertTrue(millis < 6_000, "a backlog of 200 took " + millis + " ms with " + LINGER_MS + " ms of linger");
    }

    /** Messages still in the queue, visible or in flight. */
    private static long left(String queue) {
        Map<QueueAttributeName, String> a = thaw.sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** A Glacier inventory-retrieval notice (raw delivery) of a job thaw did not start. */
    static final String NOTICE = "{\"Action\":\"InventoryRetrieval\",\"ArchiveId\":null,\"ArchiveSHA256TreeHash\":null,"
            + "\"ArchiveSizeInBytes\":null,\"Completed\":true,\"CompletionDate\":\"2026-11-05T15:20:50.362Z\","
            + "\"CreationDate\":\"2026-11-05T11:33:15.113Z\",\"InventoryRetrievalParameters\":{\"EndDate\":null,"
            + "\"Format\":\"CSV\",\"Limit\":null,\"Marker\":null,\"StartDate\":null},\"InventorySizeInBytes\":2006,"
            + "\"JobDescription\":null,\"JobId\":\"JOB\",\"RetrievalByteRange\":null,\"SHA256TreeHash\":null,"
            + "\"SNSTopic\":\"arn:aws:sns:us-east-1:000000000000:elsewhere\",\"StatusCode\":\"Succeeded\","
            + "\"StatusMessage\":\"Succeeded\",\"Tier\":null,\"VaultARN\":\"arn:aws:glacier:us-east-1:000000000000:vaults/other\"}";
}
