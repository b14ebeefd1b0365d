package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.glacier.TreeHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SNS topics and sqs subscriptions, and Glacier completion notices arriving on SQS (envelope and raw). */
class SandboxNoticesTest {

    static final List<String> KEYS = List.of("Action", "ArchiveId", "ArchiveSHA256TreeHash", "ArchiveSizeInBytes",
            "Completed", "CompletionDate", "CreationDate", "InventoryRetrievalParameters", "InventorySizeInBytes",
            "JobDescription", "JobId", "RetrievalByteRange", "SHA256TreeHash", "SNSTopic", "StatusCode", "StatusMessage",
            "Tier", "VaultARN");
    static final ObjectMapper JSON = new ObjectMapper();
    static Sandbox sandbox;
    static GlacierClient glacier;
    static SnsClient sns;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Standard=1h,Bulk=1h,Expedited=1h"));
        glacier = Clients.glacier(sandbox);
        sns = Clients.sns(sandbox);
        sqs = Clients.sqs(sandbox);
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sns.close();
        sqs.close();
        sandbox.close();
    }

    /** Creates a queue and returns {url, arn}. */
    static String[] queue(String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        assertTrue(url.startsWith(sandbox.endpoint().toString()), "queue URL points at the edge: " + url);
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertEquals("arn:aws:sqs:us-east-1:123456789012:" + name, arn);
        return new String[] {url, arn};
    }

    static List<Message> receive(String url, int expected) {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < expected && System.nanoTime() < deadline) {
            var r = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1));
            got.addAll(r.messages());
            r.messages().forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
        return got;
    }

    /** Delivery happens inside completeJob/Publish, so an empty queue right after means nothing was sent. */
    static void assertNothingQueued(String url) {
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().isEmpty());
    }

    @Test
    void topicsAndSubscriptionsRoundTrip() {
        String topic = sns.createTopic(b -> b.name("rt")).topicArn();
        assertEquals("arn:aws:sns:us-east-1:123456789012:rt", topic);
        assertEquals(topic, sns.createTopic(b -> b.name("rt")).topicArn());
        assertTrue(sns.listTopics().topics().stream().anyMatch(t -> t.topicArn().equals(topic)));
        String[] q = queue("rt-q");
        String sub = sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q[1])).subscriptionArn();
        assertTrue(sub.startsWith(topic + ":"), sub);
        var listed = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
        assertEquals(1, listed.size());
        assertEquals(q[1], listed.get(0).endpoint());
        assertEquals("sqs", listed.get(0).protocol());
        assertEquals("false", sns.getSubscriptionAttributes(b -> b.subscriptionArn(sub)).attributes().get("RawMessageDelivery"));
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(sub).attributeName("RawMessageDelivery").attributeValue("true"));
        assertEquals("true", sns.getSubscriptionAttributes(b -> b.subscriptionArn(sub)).attributes().get("RawMessageDelivery"));

        String id = sns.publish(b -> b.topicArn(topic).message("raw body")).messageId();
        assertFalse(id.isEmpty());
        assertEquals(List.of("raw body"), receive(q[0], 1).stream().map(Message::body).toList());

        sns.unsubscribe(b -> b.subscriptionArn(sub));
        assertTrue(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty());
        sns.deleteTopic(b -> b.topicArn(topic));
        assertFalse(sns.listTopics().topics().stream().anyMatch(t -> t.topicArn().equals(topic)));
        var e = assertThrows(NotFoundException.class, () -> sns.publish(b -> b.topicArn(topic).message("x")));
        assertEquals(404, e.statusCode());
        assertThrows(NotFoundException.class, () -> sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q[1])));
    }

    @Test
    void publishWritesTheSnsEnvelope() throws Exception {
        String topic = sns.createTopic(b -> b.name("env")).topicArn();
        String[] q = queue("env-q");
        String sub = sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q[1])).subscriptionArn();
        String id = sns.publish(b -> b.topicArn(topic).message("{\"a\":1}").subject("hello")).messageId();
        sns.publish(b -> b.topicArn(topic).message("no subject"));
        List<Message> got = receive(q[0], 2);
        assertEquals(2, got.size());
        JsonNode withSubject = JSON.readTree(got.stream().filter(m -> m.body().contains("hello")).findFirst().orElseThrow().body());
        List<String> keys = new ArrayList<>();
        withSubject.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion",
                "Signature", "SigningCertURL", "UnsubscribeURL"), keys);
        assertEquals("Notification", withSubject.get("Type").asText());
        assertEquals(id, withSubject.get("MessageId").asText());
        assertEquals(topic, withSubject.get("TopicArn").asText());
        assertEquals("{\"a\":1}", withSubject.get("Message").asText());
        assertEquals("1", withSubject.get("SignatureVersion").asText());
        assertTrue(withSubject.get("SigningCertURL").asText().startsWith(sandbox.endpoint().toString()));
        assertEquals(sandbox.endpoint() + "/?Action=Unsubscribe&SubscriptionArn=" + sub,
                withSubject.get("UnsubscribeURL").asText());
        JsonNode noSubject = JSON.readTree(got.stream().filter(m -> m.body().contains("no subject")).findFirst().orElseThrow().body());
        assertFalse(noSubject.has("Subject"));
    }

    @Test
    void vaultNotificationsConfigRoundTrip() {
        glacier.createVault(b -> b.vaultName("notif-cfg"));
        var none = assertThrows(ResourceNotFoundException.class,
                () -> glacier.getVaultNotifications(b -> b.vaultName("notif-cfg")));
        assertEquals(404, none.statusCode());
        String topic = sns.createTopic(b -> b.name("cfg")).topicArn();
        glacier.setVaultNotifications(b -> b.vaultName("notif-cfg").vaultNotificationConfig(c -> c.snsTopic(topic)
                .events("ArchiveRetrievalCompleted", "InventoryRetrievalCompleted")));
        var cfg = glacier.getVaultNotifications(b -> b.vaultName("notif-cfg")).vaultNotificationConfig();
        assertEquals(topic, cfg.snsTopic());
        assertEquals(List.of("ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"), cfg.events());
        glacier.deleteVaultNotifications(b -> b.vaultName("notif-cfg"));
        assertThrows(ResourceNotFoundException.class, () -> glacier.getVaultNotifications(b -> b.vaultName("notif-cfg")));
    }

    @Test
    void completionNoticesReachBothTheJobTopicAndTheVaultTopic() throws Exception {
        glacier.createVault(b -> b.vaultName("notif"));
        byte[] data = Clients.data(3 * 1024 * 1024, 7);
        String archiveId = glacier.uploadArchive(b -> b.vaultName("notif").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
        String vaultTopic = sns.createTopic(b -> b.name("vault-topic")).topicArn();
        String jobTopic = sns.createTopic(b -> b.name("job-topic")).topicArn();
        String[] envQ = queue("vault-envelope");
        String[] rawQ = queue("job-raw");
        sns.subscribe(b -> b.topicArn(vaultTopic).protocol("sqs").endpoint(envQ[1]));
        sns.subscribe(b -> b.topicArn(jobTopic).protocol("sqs").endpoint(rawQ[1])
                .attributes(Map.of("RawMessageDelivery", "true")));
        glacier.setVaultNotifications(b -> b.vaultName("notif").vaultNotificationConfig(c -> c.snsTopic(vaultTopic)
                .events("ArchiveRetrievalCompleted")));

        String jobId = glacier.initiateJob(b -> b.vaultName("notif").jobParameters(p -> p.type("archive-retrieval")
                .archiveId(archiveId).snsTopic(jobTopic).tier("Expedited"))).jobId();
        sandbox.completeJob(jobId);

        // raw delivery on the job's topic: the bare notice
        List<Message> raw = receive(rawQ[0], 1);
        assertEquals(1, raw.size());
        String notice = raw.get(0).body();
        assertNotice(notice, jobId, archiveId, data, jobTopic);
        // envelope on the vault's topic, carrying the same notice as its Message
        List<Message> env = receive(envQ[0], 1);
        assertEquals(1, env.size());
        JsonNode envelope = JSON.readTree(env.get(0).body());
        assertEquals("Notification", envelope.get("Type").asText());
        assertEquals(vaultTopic, envelope.get("TopicArn").asText());
        assertFalse(envelope.has("Subject"), "Glacier publishes without a Subject");
        assertEquals(notice, envelope.get("Message").asText());
        // and it is exactly what DescribeJob says
        assertEquals(JSON.readTree(notice), JSON.readTree(describeJobJson(jobId)));

        // the vault config asks for archive events only: an inventory job notifies nobody
        String inv = glacier.initiateJob(b -> b.vaultName("notif").jobParameters(p -> p.type("inventory-retrieval"))).jobId();
        sandbox.completeJob(inv);
        assertNothingQueued(envQ[0]);
    }

    private static String describeJobJson(String jobId) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                Clients.uri(sandbox, "/-/vaults/notif/jobs/" + jobId)).header("x-amz-glacier-version", "2012-06-01").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static void assertNotice(String notice, String jobId, String archiveId, byte[] data, String topic) throws Exception {
        JsonNode n = JSON.readTree(notice);
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        assertEquals(KEYS, keys, "18 keys, alphabetical");
        assertTrue(notice.contains("\"InventoryRetrievalParameters\":null"), "explicit nulls: " + notice);
        assertTrue(notice.contains("\"JobDescription\":null"), notice);
        assertEquals("ArchiveRetrieval", n.get("Action").asText());
        assertEquals(jobId, n.get("JobId").asText());
        assertEquals(archiveId, n.get("ArchiveId").asText());
        assertEquals(TreeHash.of(data), n.get("SHA256TreeHash").asText());
        assertEquals(TreeHash.of(data), n.get("ArchiveSHA256TreeHash").asText());
        assertEquals(data.length, n.get("ArchiveSizeInBytes").asLong());
        assertEquals("0-" + (data.length - 1), n.get("RetrievalByteRange").asText());
        assertTrue(n.get("Completed").asBoolean());
        assertEquals("Succeeded", n.get("StatusCode").asText());
        assertEquals("Succeeded", n.get("StatusMessage").asText());
        assertEquals("Expedited", n.get("Tier").asText());
        assertEquals(topic, n.get("SNSTopic").asText());
        assertEquals("arn:aws:glacier:us-east-1:123456789012:vaults/notif", n.get("VaultARN").asText());
    }

    @Test
    void droppedNoticesAreNotPublished() {
        glacier.createVault(b -> b.vaultName("lost"));
        String topic = sns.createTopic(b -> b.name("lost-topic")).topicArn();
        String[] q = queue("lost-q");
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q[1])
                .attributes(Map.of("RawMessageDelivery", "true")));
        glacier.setVaultNotifications(b -> b.vaultName("lost").vaultNotificationConfig(c -> c.snsTopic(topic)
                .events("InventoryRetrievalCompleted")));
        sandbox.dropNotices(1.0);
        try {
            String dropped = glacier.initiateJob(b -> b.vaultName("lost").jobParameters(p -> p.type("inventory-retrieval"))).jobId();
            sandbox.completeJob(dropped);
            assertNothingQueued(q[0]);
        } finally {
            sandbox.dropNotices(0);
        }
        String kept = glacier.initiateJob(b -> b.vaultName("lost").jobParameters(p -> p.type("inventory-retrieval"))).jobId();
        sandbox.completeJob(kept);
        List<Message> got = receive(q[0], 1);
        assertEquals(1, got.size());
        assertTrue(got.get(0).body().contains("\"JobId\":\"" + kept + "\""));
        assertTrue(got.get(0).body().contains("\"InventoryRetrievalParameters\":{\"EndDate\":null,\"Format\":\"JSON\","
                + "\"Limit\":null,\"Marker\":null,\"StartDate\":null}"), got.get(0).body());
    }
}
