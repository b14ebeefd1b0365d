package io.thaw.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Thaw;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultNotificationConfig;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** `thaw setup` as a user runs it, against the sandbox's Glacier, SNS and SQS over HTTP. */
class SetupCommandTest {

    static Sandbox sandbox;
    static Path config;
    static GlacierClient glacier;
    static SnsClient sns;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        Path work = Files.createDirectories(Path.of("target/test-work/setup-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox")));
        config = work.resolve("thaw.properties");
        Files.writeString(config, "thaw.aws.region=" + sandbox.region() + "\nthaw.aws.endpoint=" + sandbox.endpoint()
                + "\nthaw.aws.sandbox-credentials=true\n");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"));
        Region region = Region.of(sandbox.region());
        glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint()).region(region).credentialsProvider(creds).build();
        sns = SnsClient.builder().endpointOverride(sandbox.endpoint()).region(region).credentialsProvider(creds).build();
        sqs = SqsClient.builder().endpointOverride(sandbox.endpoint()).region(region).credentialsProvider(creds).build();
        for (String v : List.of("photos", "videos", "music", "docs")) {
            glacier.createVault(b -> b.accountId("-").vaultName(v));
        }
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sns.close();
        sqs.close();
        sandbox.close();
    }

    record Run(int exit, String out, String err) {
    }

    static Run thaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Thaw()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createsEverythingOnceAndTheSecondRunChangesNothing() throws Exception {
        Run first = thaw("setup", "--config", config.toString(), "--vault", "photos", "--topic", "photo-notices",
                "--queue", "photo-queue");
        assertEquals(0, first.exit(), first.err());
        for (String made : List.of("created       SNS topic", "created       SQS queue", "queue policy",
                "dead-letter queue photo-queue-dlq after 10 receives", "subscription of photo-queue",
                "vault 'photos' notifies")) {
            assertTrue(first.out().contains(made), "first run reports '" + made + "':\n" + first.out());
        }
        assertFalse(first.out().contains("Nothing to change"), first.out());

        String topicArn = "arn:aws:sns:" + sandbox.region() + ":" + sandbox.accountId() + ":photo-notices";
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("photo-queue")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName("photo-queue-dlq"))
                .queueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        assertTrue(first.out().contains("thaw.notices.queue-url=" + queueUrl), first.out());
        assertTrue(first.out().contains("thaw.aws.region=" + sandbox.region()), first.out());

        Map<QueueAttributeName, String> attrs = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        String policy = attrs.get(QueueAttributeName.POLICY);
        assertTrue(policy != null && policy.contains("\"aws:SourceArn\":\"" + topicArn + "\"")
                && policy.contains("sqs:SendMessage"), "queue policy allows only the topic: " + policy);
        String redrive = attrs.get(QueueAttributeName.REDRIVE_POLICY);
        assertTrue(redrive != null && redrive.contains(dlqArn), "redrive to the DLQ: " + redrive);

        var subs = sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions();
        assertEquals(1, subs.size());
        assertTrue(subs.get(0).endpoint().endsWith(":photo-queue"));
        VaultNotificationConfig n = glacier.getVaultNotifications(b -> b.accountId("-").vaultName("photos"))
                .vaultNotificationConfig();
        assertEquals(topicArn, n.snsTopic());
        assertEquals(List.copyOf(NoticeSetup.EVENTS), n.events());

        int requestsBefore = mutatingCalls();
        Run second = thaw("setup", "--config", config.toString(), "--vault", "photos", "--topic", "photo-notices",
                "--queue", "photo-queue");
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("Nothing to change: everything was already set up."), second.out());
        assertFalse(second.out().contains("created "), second.out());
        assertEquals(requestsBefore, mutatingCalls(), "the second run made no creating or changing call");
        assertEquals(1, sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions().size());
    }

    @Test
    void dryRunPrintsTheCallsAndMakesNone() {
        int before = mutatingCalls();
        Run dry = thaw("setup", "--config", config.toString(), "--vault", "videos", "--topic", "video-notices",
                "--queue", "video-queue", "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("aws sns create-topic --region " + sandbox.region() + " --name video-notices"),
                dry.out());
        assertTrue(dry.out().contains("aws sqs create-queue --region " + sandbox.region() + " --queue-name video-queue-dlq"),
                dry.out());
        assertTrue(dry.out().contains("aws glacier set-vault-notifications"), dry.out());
        assertTrue(dry.out().contains("would create"), dry.out());
        assertEquals(before, mutatingCalls(), "a dry run changes nothing");
        assertTrue(sns.listTopics().topics().stream().noneMatch(t -> t.topicArn().endsWith(":video-notices")));
    }

    @Test
    void rawDeliveryIsSwitchedOnAnExistingSubscription() {
        assertEquals(0, thaw("setup", "--config", config.toString(), "--vault", "music", "--topic", "music-notices",
                "--queue", "music-queue").exit());
        Run raw = thaw("setup", "--config", config.toString(), "--vault", "music", "--topic", "music-notices",
                "--queue", "music-queue", "--raw");
        assertTrue(raw.out().contains("changed       subscription of music-queue"), raw.out());
        String sub = sns.listSubscriptionsByTopic(b -> b.topicArn("arn:aws:sns:" + sandbox.region() + ":"
                + sandbox.accountId() + ":music-notices")).subscriptions().get(0).subscriptionArn();
        assertEquals("true", sns.getSubscriptionAttributes(b -> b.subscriptionArn(sub)).attributes()
                .get("RawMessageDelivery"));
    }

    @Test
    void warnsAboutAnEncryptedTopicAndATopicInAnotherRegion() {
        String kmsTopic = sns.createTopic(b -> b.name("encrypted").attributes(Map.of("KmsMasterKeyId", "alias/aws/sns")))
                .topicArn();
        Run r = thaw("setup", "--config", config.toString(), "--vault", "docs", "--topic", kmsTopic, "--queue", "docs-q");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("WARNING: topic " + kmsTopic + " is encrypted (SSE-KMS, key alias/aws/sns)"), r.out());

        Run other = thaw("setup", "--config", config.toString(), "--vault", "docs", "--topic", kmsTopic,
                "--queue", "docs-q", "--dry-run");
        assertTrue(other.out().contains("Nothing to change"), other.out());

        String farTopic = "arn:aws:sns:eu-west-1:" + sandbox.accountId() + ":elsewhere";
        Run far = thaw("setup", "--config", config.toString(), "--vault", "docs", "--topic", farTopic);
        assertEquals(1, far.exit());
        assertTrue(far.err().contains("is in eu-west-1 but vault 'docs' is in " + sandbox.region() + ": Glacier"
                + " publishes only to a topic in the vault's region"), far.err());
        List<String> w = SetupTraps.check(sandbox.region(), "docs", "-", farTopic, Map.of(),
                "arn:aws:sqs:" + sandbox.region() + ":" + sandbox.accountId() + ":docs-q");
        assertTrue(w.get(0).contains("is in eu-west-1 but vault 'docs' is in " + sandbox.region()), w.toString());
        List<String> cross = SetupTraps.check(sandbox.region(), "docs", "111122223333",
                "arn:aws:sns:" + sandbox.region() + ":444455556666:t", Map.of(),
                "arn:aws:sqs:" + sandbox.region() + ":" + sandbox.accountId() + ":docs-q");
        assertEquals(2, cross.size(), cross.toString());
        assertTrue(cross.get(0).contains("belongs to account 444455556666"), cross.toString());
        assertTrue(cross.get(1).contains("vault 'docs' belongs to account 111122223333"), cross.toString());
    }

    @Test
    void unknownVaultIsNamedWithTheFix() {
        Run r = thaw("setup", "--config", config.toString(), "--vault", "nosuchvault");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("vault 'nosuchvault' in " + sandbox.region() + " not found — check --vault and"
                + " thaw.aws.region"), r.err());
    }

    @Test
    void anotherTopicOnTheVaultIsNotReplacedSilently() {
        glacier.createVault(b -> b.accountId("-").vaultName("shared"));
        String theirs = sns.createTopic(b -> b.name("someone-elses")).topicArn();
        glacier.setVaultNotifications(b -> b.accountId("-").vaultName("shared").vaultNotificationConfig(c -> c
                .snsTopic(theirs).events("ArchiveRetrievalCompleted")));
        Run r = thaw("setup", "--config", config.toString(), "--vault", "shared", "--queue", "shared-q");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("already sends its notifications to " + theirs), r.err());
        Run replaced = thaw("setup", "--config", config.toString(), "--vault", "shared", "--queue", "shared-q",
                "--replace-vault-topic");
        assertEquals(0, replaced.exit(), replaced.err());
        assertTrue(glacier.getVaultNotifications(b -> b.accountId("-").vaultName("shared")).vaultNotificationConfig()
                .snsTopic().endsWith(":thaw-notices"));
    }

    @Test
    void withoutAVaultJobsAreToldToNameTheTopic() {
        Run r = thaw("setup", "--config", config.toString(), "--topic", "job-topic", "--queue", "job-queue");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("vault '"), r.out());
        assertTrue(r.out().contains("thaw.jobs.sns-topic=arn:aws:sns:" + sandbox.region() + ":" + sandbox.accountId()
                + ":job-topic"), r.out());
    }

    /** Calls that create or change something, as the sandbox logged them. */
    static int mutatingCalls() {
        Map<String, Long> counts = sandbox.log().requestCounts();
        int n = 0;
        for (var e : counts.entrySet()) {
            if (e.getKey().matches("CreateTopic|sqs:CreateQueue|sqs:SetQueueAttributes|Subscribe|SetSubscriptionAttributes"
                    + "|SetTopicAttributes|SetVaultNotifications")) {
                n += e.getValue();
            }
        }
        return n;
    }
}
