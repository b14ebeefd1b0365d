package io.thaw.camel.glacier;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Starts thaw's sandbox (Glacier, SNS, SQS on a free port) once per test class and binds one GlacierClient
 * and one SqsClient, which the component autowires. Jobs finish after 100 ms.
 */
abstract class SandboxTestSupport extends CamelTestSupport {

    static Sandbox sandbox;
    static GlacierClient glacier;
    static SqsClient sqs;
    static SnsClient sns;
    static Path work;

    @BeforeAll
    static void startSandbox() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/glacier-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=100ms,Standard=100ms,Bulk=100ms"));
        glacier = pointed(GlacierClient.builder()).build();
        sqs = pointed(SqsClient.builder()).build();
        sns = pointed(SnsClient.builder()).build();
    }

    @AfterAll
    static void stopSandbox() {
        glacier.close();
        sqs.close();
        sns.close();
        sandbox.close();
    }

    @BeforeEach
    void noFaults() {
        sandbox.setFaults(Faults.NONE);
    }

    private static <B extends AwsClientBuilder<B, C>, C> B pointed(B builder) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")));
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("glacierClient", glacier);
        registry.bind("sqsClient", sqs);
    }

    record Archive(String vault, String id, String treeHash, byte[] bytes) {
    }

    /** A vault holding one archive of {@code size} random bytes. */
    static Archive archive(String vault, int size) throws IOException {
        glacier.createVault(b -> b.accountId("-").vaultName(vault));
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path f = work.resolve(vault + "-" + System.nanoTime() + ".bin");
        Files.write(f, bytes);
        ArchiveUploader.Uploaded up = new ArchiveUploader(glacier).upload(vault, f, "photos/" + vault + ".bin");
        return new Archive(vault, up.archiveId(), up.treeHash(), bytes);
    }

    /** A queue subscribed to a new topic: {queue URL, topic ARN}. */
    static String[] subscribedQueue(String name, boolean raw) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String topic = sns.createTopic(b -> b.name(name + "-topic")).topicArn();
        String sub = sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn)).subscriptionArn();
        if (raw) {
            sns.setSubscriptionAttributes(b -> b.subscriptionArn(sub).attributeName("RawMessageDelivery").attributeValue("true"));
        }
        return new String[] {url, topic};
    }

    static String queue(String name) {
        return sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    /** Starts a retrieval of the archive and waits until Glacier says it succeeded; answers the job id. */
    static String finishedJob(Archive a, String range) {
        String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(a.vault()).jobParameters(p -> p
                .type("archive-retrieval").archiveId(a.id()).tier("Expedited").retrievalByteRange(range))).jobId();
        await("job " + jobId, () -> Boolean.TRUE.equals(glacier.describeJob(b -> b.accountId("-").vaultName(a.vault())
                .jobId(jobId)).completed()));
        return jobId;
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Endpoint options every test endpoint shares: sandbox region, a staging folder of its own. */
    static String common() {
        return "region=" + sandbox.region() + "&stagingDirectory=" + work.resolve("staging") + "&backoffMs=20";
    }
}
