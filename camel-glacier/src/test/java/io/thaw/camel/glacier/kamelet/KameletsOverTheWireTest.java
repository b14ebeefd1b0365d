package io.thaw.camel.glacier.kamelet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The Kamelets as a user wires them: no client in the registry, so the Kamelets' own region, credential and
 * endpoint properties must reach the glacier: endpoints they template. The sink is fed from direct:, the
 * source delivers into a file: folder; both talk to thaw's sandbox over HTTP.
 */
class KameletsOverTheWireTest extends CamelTestSupport {

    private static final String KEY = "kamelet-key";
    private static final String SECRET = "kamelet+secret/with=specials";

    static Path work;
    static Sandbox sandbox;
    static GlacierClient glacier;
    static SqsClient sqs;
    static SnsClient sns;
    static String queueUrl;
    static String topicArn;

    @BeforeAll
    static void sandbox() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/kamelets-" + System.nanoTime()).toAbsolutePath());
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=100ms,Standard=100ms,Bulk=100ms"));
        glacier = pointed(GlacierClient.builder()).build();
        sqs = pointed(SqsClient.builder()).build();
        sns = pointed(SnsClient.builder()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("kamelet-jobs")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        topicArn = sns.createTopic(b -> b.name("kamelet-jobs")).topicArn();
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    @AfterAll
    static void stopSandbox() {
        glacier.close();
        sqs.close();
        sns.close();
        sandbox.close();
    }

    private static <B extends AwsClientBuilder<B, C>, C> B pointed(B builder) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)));
    }

    /** The connection properties both Kamelets declare; the secret goes in RAW, as Camel users write secrets. */
    private static String connection() {
        return "region=" + sandbox.region() + "&accessKey=" + KEY + "&secretKey=RAW(" + SECRET + ")"
                + "&overrideEndpoint=true&uriEndpointOverride=" + sandbox.endpoint();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:restore").routeId("to-retrieval-sink")
                        .to("kamelet:glacier-retrieval-sink?vaultName=kw-sink&tier=Bulk&snsTopic=" + topicArn + "&"
                                + connection());
                from("kamelet:glacier-archive-source?vaultName=kw-source&queueUrl=" + queueUrl + "&visibilityTimeout=30"
                        + "&stagingDirectory=" + work.resolve("staging") + "&" + connection())
                        .routeId("from-archive-source")
                        .to("file:" + work.resolve("restored") + "?fileName=${header.CamelGlacierArchiveId}"
                                + "&tempPrefix=.part-");
            }
        };
    }

    record Archive(String id, byte[] bytes) {
    }

    private static Archive archive(String vault, int size) throws IOException {
        glacier.createVault(b -> b.accountId("-").vaultName(vault));
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path f = work.resolve(vault + "-" + System.nanoTime() + ".bin");
        Files.write(f, bytes);
        return new Archive(new ArchiveUploader(glacier).upload(vault, f, vault + ".bin").archiveId(), bytes);
    }

    @Test
    void messagesSentToTheRetrievalSinkStartJobsInTheVault() throws Exception {
        Archive a = archive("kw-sink", 4096);
        Exchange byId = template.request("direct:restore", e -> e.getMessage().setBody(" " + a.id() + "\n"));
        assertNull(byId.getException());
        Exchange byJson = template.request("direct:restore", e -> e.getMessage().setBody(
                "{\"Type\": \"inventory-retrieval\", \"Format\": \"CSV\", \"Description\": \"weekly inventory\"}"));
        assertNull(byJson.getException());

        Map<String, GlacierJobDescription> jobs = glacier.listJobs(b -> b.accountId("-").vaultName("kw-sink")).jobList()
                .stream().collect(Collectors.toMap(GlacierJobDescription::jobId, Function.identity()));
        assertEquals(2, jobs.size(), jobs.toString());

        GlacierJobDescription retrieval = jobs.get(byId.getMessage().getHeader("CamelGlacierJobId", String.class));
        assertEquals("ArchiveRetrieval", retrieval.actionAsString());
        assertEquals(a.id(), retrieval.archiveId());
        assertEquals("Bulk", retrieval.tier(), "the Kamelet's tier property");
        assertEquals(topicArn, retrieval.snsTopic(), "the Kamelet's snsTopic property");

        GlacierJobDescription inventory = jobs.get(byJson.getMessage().getHeader("CamelGlacierJobId", String.class));
        assertEquals("InventoryRetrieval", inventory.actionAsString());
        assertEquals("CSV", inventory.inventoryRetrievalParameters().format());
        assertEquals("weekly inventory", inventory.jobDescription());
    }

    @Test
    void theArchiveSourceDeliversTheVerifiedArchiveIntoAFileSink() throws Exception {
        Archive a = archive("kw-source", 3 * (1 << 20) + 77);
        glacier.initiateJob(b -> b.accountId("-").vaultName("kw-source").jobParameters(p -> p.type("archive-retrieval")
                .archiveId(a.id()).tier("Expedited").snsTopic(topicArn)));

        Path restored = work.resolve("restored");
        Path delivered = restored.resolve(a.id());
        await("the archive in the file sink", () -> Files.exists(delivered));
        assertArrayEquals(a.bytes(), Files.readAllBytes(delivered));
        try (Stream<Path> files = Files.list(restored)) {
            assertEquals(List.of(delivered), files.toList(), "no temporary or partial file beside it");
        }
        await("the notice deleted after the sink took the archive", () -> queued() == 0);
        try (Stream<Path> staged = Files.list(work.resolve("staging"))) {
            assertTrue(staged.noneMatch(p -> p.getFileName().toString().endsWith(".part")),
                    "the staged output is removed once delivered");
        }
    }

    private static long queued() {
        var a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
