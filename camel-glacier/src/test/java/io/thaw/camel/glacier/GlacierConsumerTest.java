package io.thaw.camel.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The notice consumer against the sandbox: SNS envelope and raw notices, failures, a poison message. */
class GlacierConsumerTest extends SandboxTestSupport {

    /** What the route saw: the headers, and the body's bytes read while the exchange was in flight. */
    record Seen(Map<String, Object> headers, byte[] bytes, String path) {
    }

    static final List<Seen> seen = new CopyOnWriteArrayList<>();
    static final List<io.thaw.notice.JobNotice> seenNotices = new CopyOnWriteArrayList<>();
    /** Jobs whose first exchange the route fails. */
    static final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    static String queueUrl;
    static String poisonUrl;
    static String envelopeTopic;
    static String rawTopic;
    static String laterUrl;
    static String laterTopic;

    @BeforeAll
    static void queues() {
        String[] q = subscribedQueue("notices", false);
        queueUrl = q[0];
        envelopeTopic = q[1];
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        rawTopic = sns.createTopic(b -> b.name("raw-notices")).topicArn();
        String sub = sns.subscribe(b -> b.topicArn(rawTopic).protocol("sqs").endpoint(arn)).subscriptionArn();
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(sub).attributeName("RawMessageDelivery").attributeValue("true"));
        poisonUrl = queue("notices-poison");
        String[] later = subscribedQueue("notices-later", false);
        laterUrl = later[0];
        laterTopic = later[1];
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("glacier:*?queueUrl=" + queueUrl + "&poisonQueueUrl=" + poisonUrl + "&waitTimeSeconds=1"
                        + "&visibilityTimeout=1&chunkSizeMib=1&" + common())
                        .routeId("notices")
                        .process(e -> {
                            File f = e.getMessage().getBody(File.class);
                            seen.add(new Seen(Map.copyOf(e.getMessage().getHeaders()),
                                    f == null ? null : Files.readAllBytes(f.toPath()), f == null ? null : f.getPath()));
                            if (failOnce.remove(e.getMessage().getHeader(GlacierConstants.JOB_ID, String.class))) {
                                throw new IllegalStateException("route failure (test)");
                            }
                        });
                // The route decides, then fetches: the notice is the body, and it stays hidden while the route
                // works longer than its visibility timeout.
                from("glacier:*?queueUrl=" + laterUrl + "&fetchOutput=false&extendMessageVisibility=true"
                        + "&visibilityTimeout=2&waitTimeSeconds=1&" + common())
                        .routeId("notices-then-fetch")
                        .process(e -> {
                            seenNotices.add(e.getMessage().getBody(io.thaw.notice.JobNotice.class));
                            Thread.sleep(4500);
                        })
                        .to("glacier:ignored?operation=getJobOutput&" + common())
                        .process(e -> seen.add(new Seen(Map.copyOf(e.getMessage().getHeaders()),
                                Files.readAllBytes(e.getMessage().getBody(File.class).toPath()), null)));
            }
        };
    }

    private static List<Seen> seenFor(String jobId) {
        return seen.stream().filter(s -> jobId.equals(s.headers().get(GlacierConstants.JOB_ID))).toList();
    }

    private static long inQueue(String url) {
        var a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String startJob(Archive a, String topic) {
        return glacier.initiateJob(b -> b.accountId("-").vaultName(a.vault()).jobParameters(p -> p
                .type("archive-retrieval").archiveId(a.id()).tier("Expedited").snsTopic(topic))).jobId();
    }

    @Test
    void anArchiveNoticeBecomesOneExchangeWithTheVerifiedOutput() throws Exception {
        Archive a = archive("c-env", 3 * (1 << 20) + 9);
        String jobId = startJob(a, envelopeTopic);
        await("the exchange", () -> !seenFor(jobId).isEmpty());
        Seen s = seenFor(jobId).get(0);
        assertArrayEquals(a.bytes(), s.bytes());
        assertEquals(a.treeHash(), s.headers().get(GlacierConstants.TREE_HASH));
        assertEquals("c-env", s.headers().get(GlacierConstants.VAULT_NAME));
        assertEquals(a.id(), s.headers().get(GlacierConstants.ARCHIVE_ID));
        assertEquals("Succeeded", s.headers().get(GlacierConstants.STATUS_CODE));
        await("the notice deleted", () -> inQueue(queueUrl) == 0);
        await("the staged output removed", () -> !Files.exists(Path.of(s.path())));
        assertEquals(1, seenFor(jobId).size());
    }

    @Test
    void aRawInventoryNoticeCarriesTheInventory() throws Exception {
        Archive a = archive("c-inv", 100);
        String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName("c-inv").jobParameters(p -> p
                .type("inventory-retrieval").format("JSON").snsTopic(rawTopic))).jobId();
        await("the exchange", () -> !seenFor(jobId).isEmpty());
        Seen s = seenFor(jobId).get(0);
        assertEquals("InventoryRetrieval", s.headers().get(GlacierConstants.JOB_ACTION));
        String inventory = new String(s.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(inventory.contains(a.id()), inventory);
        // Glacier gives none for an inventory: the header is the tree hash of the verified bytes
        assertEquals(io.thaw.glacier.TreeHash.of(s.bytes()), s.headers().get(GlacierConstants.TREE_HASH));
    }

    @Test
    void aFailedExchangeLeavesTheNoticeAndItComesBack() throws Exception {
        Archive a = archive("c-retry", 2 * (1 << 20));
        String jobId;
        synchronized (failOnce) {
            jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(a.vault()).jobParameters(p -> p
                    .type("archive-retrieval").archiveId(a.id()).tier("Standard").snsTopic(envelopeTopic))).jobId();
            failOnce.add(jobId);
        }
        await("a second exchange", () -> seenFor(jobId).size() >= 2);
        assertArrayEquals(a.bytes(), seenFor(jobId).get(1).bytes());
        await("the notice deleted after the exchange completed", () -> inQueue(queueUrl) == 0);
    }

    @Test
    void aPoisonMessageIsParkedWithItsReasonAndTheConsumerGoesOn() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("this is not a notice"));
        List<Message> parked = new CopyOnWriteArrayList<>();
        await("the poison message parked", () -> {
            parked.addAll(sqs.receiveMessage(b -> b.queueUrl(poisonUrl).messageAttributeNames("All")
                    .waitTimeSeconds(1)).messages());
            return !parked.isEmpty();
        });
        assertEquals("this is not a notice", parked.get(0).body());
        String reason = parked.get(0).messageAttributes().get("reason").stringValue();
        assertTrue(reason.startsWith("not JSON"), reason);

        Archive a = archive("c-after", 1000);
        String jobId = startJob(a, envelopeTopic);
        await("the next notice still handled", () -> !seenFor(jobId).isEmpty());
        assertArrayEquals(a.bytes(), seenFor(jobId).get(0).bytes());
        assertTrue(context.getRouteController().getRouteStatus("notices").isStarted());
    }

    @Test
    void withoutFetchOutputTheRouteGetsTheNoticeAndFetchesWhileTheNoticeStaysHidden() throws Exception {
        Archive a = archive("c-later", 2 * (1 << 20) + 3);
        String jobId = startJob(a, laterTopic);
        await("the notice in the route", () -> seenNotices.stream().anyMatch(n -> n.jobId().equals(jobId)));
        Thread.sleep(3000); // past the 2 s visibility timeout, while the route still works (4.5 s)
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(laterUrl).waitTimeSeconds(0)).messages().isEmpty(),
                "the notice stays hidden while it is being handled");
        await("the fetched output", () -> !seenFor(jobId).isEmpty());
        assertEquals(jobId, seenNotices.stream().filter(n -> n.jobId().equals(jobId)).findFirst().orElseThrow().jobId());
        assertArrayEquals(a.bytes(), seenFor(jobId).get(0).bytes());
        assertEquals((long) a.bytes().length, seenFor(jobId).get(0).headers().get(GlacierConstants.OUTPUT_SIZE),
                "the notice's facts reach getJobOutput, which then needs no DescribeJob");
        await("the notice deleted", () -> inQueue(laterUrl) == 0);
        Thread.sleep(2500);
        assertEquals(1, seenNotices.stream().filter(n -> n.jobId().equals(jobId)).count(),
                "handled once: the 4.5 s route outlived the 2 s visibility timeout without a redelivery");
    }

    @Test
    void healthCheckIsUpAndDownWhenTheQueueIsMissing() {
        GlacierEndpoint up = context.getEndpoint("glacier:*?queueUrl=" + queueUrl + "&" + common(), GlacierEndpoint.class);
        GlacierEndpoint down = context.getEndpoint("glacier:*?queueUrl=" + queueUrl + "-missing&" + common(),
                GlacierEndpoint.class);
        assertEquals(HealthCheck.State.UP, new GlacierHealthCheck(up, "up", true).call().getState());
        HealthCheck.Result r = new GlacierHealthCheck(down, "down", true).call();
        assertEquals(HealthCheck.State.DOWN, r.getState());
        assertFalse(r.getMessage().orElse("").isEmpty());
    }
}
