package org.example.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * The example end to end, as a user runs it: its own JVM with only its run-time class path (no test jar,
 * no sandbox), configured by -D properties, against thaw's sandbox. A request file dropped into the
 * requests folder must bring the archive's exact bytes into the restored folder.
 */
class MainYamlExampleIT {

    private static final String KEY = "example-key";
    private static final String SECRET = "example-secret";

    private Path work;
    private Sandbox sandbox;
    private GlacierClient glacier;
    private SqsClient sqs;
    private SnsClient sns;
    private Process example;
    private Path exampleLog;

    @BeforeEach
    void sandbox() throws IOException {
        work = Files.createDirectories(targetDir().resolve("it-work/example-" + System.nanoTime()));
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=200ms,Standard=500ms,Bulk=1s"));
        glacier = pointed(GlacierClient.builder()).build();
        sqs = pointed(SqsClient.builder()).build();
        sns = pointed(SnsClient.builder()).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (example != null) {
            example.destroy(); // SIGTERM: Camel Main shuts down gracefully
            if (!example.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                example.destroyForcibly().waitFor();
            }
        }
        glacier.close();
        sqs.close();
        sns.close();
        sandbox.close();
    }

    private <B extends AwsClientBuilder<B, C>, C> B pointed(B builder) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)));
    }

    @Test
    void aDroppedRequestFileBringsTheVerifiedArchiveIntoTheRestoredFolder() throws Exception {
        // A vault holding one archive a little over 3 MiB
        glacier.createVault(b -> b.accountId("-").vaultName("photos"));
        byte[] bytes = new byte[3 * (1 << 20) + 11];
        new Random(19).nextBytes(bytes);
        Path original = work.resolve("original.bin");
        Files.write(original, bytes);
        String archiveId = new ArchiveUploader(glacier).upload("photos", original, "holiday.jpg").archiveId();

        // Glacier -> SNS topic -> SQS queue, wired with plain SDK calls as an operator would
        String queueUrl = sqs.createQueue(b -> b.queueName("glacier-jobs")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String topicArn = sns.createTopic(b -> b.name("glacier-jobs")).topicArn();
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));

        Path requests = work.resolve("requests");
        Path restored = work.resolve("restored");
        example = startExample(List.of(
                "-Dglacier.vault=photos",
                "-Dglacier.region=" + sandbox.region(),
                "-Dglacier.tier=Expedited",
                "-Dglacier.sns-topic=" + topicArn,
                "-Dglacier.queue-url=" + queueUrl,
                "-Dglacier.use-default-credentials=false",
                "-Dglacier.access-key=" + KEY,
                "-Dglacier.secret-key=" + SECRET,
                "-Dglacier.override-endpoint=true",
                "-Dglacier.endpoint=" + sandbox.endpoint(),
                "-Dexample.requests=" + requests,
                "-Dexample.restored=" + restored,
                "-Dexample.staging=" + work.resolve("staging")));

        // Dropped the way a request file should be: written aside, then moved in. Written on Windows, with
        // a comment, a blank line and stray spaces: only the archive id counts.
        Files.createDirectories(requests);
        Path draft = work.resolve("restore.txt");
        Files.writeString(draft, "# the holiday photo\r\n\r\n  " + archiveId + " \r\n", StandardCharsets.UTF_8);
        Files.move(draft, requests.resolve("restore.txt"), StandardCopyOption.ATOMIC_MOVE);

        Path delivered = restored.resolve(archiveId);
        await("the archive in " + restored, Duration.ofSeconds(90), () -> Files.exists(delivered));
        assertArrayEquals(bytes, Files.readAllBytes(delivered), "the restored archive has the uploaded bytes");
        try (Stream<Path> files = Files.list(restored)) {
            assertEquals(List.of(delivered), files.toList(), "only the whole archive, no temporary file");
        }

        // The example, not this test, started the job: by the request file, for that archive
        List<GlacierJobDescription> jobs = glacier.listJobs(b -> b.accountId("-").vaultName("photos")).jobList();
        assertEquals(1, jobs.size(), jobs.toString());
        assertEquals(archiveId, jobs.get(0).archiveId());
        assertEquals("requested by restore.txt", jobs.get(0).jobDescription());
        await("the request file moved to .done", Duration.ofSeconds(10),
                () -> Files.exists(requests.resolve(".done/restore.txt")));
        await("the notice deleted once the archive was written", Duration.ofSeconds(10), () -> queued(queueUrl) == 0);
        assertTrue(example.isAlive(), "the example keeps running");
    }

    private long queued(String url) {
        var a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** java -cp classes:runtime-dependencies org.example.glacier.Application, output to example.log. */
    private Process startExample(List<String> properties) throws IOException {
        Path target = targetDir();
        Path runtime = target.resolve("runtime-classpath.txt");
        assertTrue(Files.exists(runtime), runtime + " is written by maven-dependency-plugin (generate-test-resources)");
        String classpath = target.resolve("classes") + File.pathSeparator + Files.readString(runtime).strip();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(properties);
        command.addAll(List.of("-cp", classpath, Application.class.getName()));
        exampleLog = work.resolve("example.log");
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(exampleLog.toFile()).start();
    }

    /** examples/main-yaml/target, found from where this class was compiled to (target/test-classes). */
    static Path targetDir() {
        try {
            return Path.of(MainYamlExampleIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end || (example != null && !example.isAlive())) {
                String log = exampleLog != null && Files.exists(exampleLog) ? Files.readString(exampleLog) : "";
                throw new AssertionError("waited in vain for " + what + (example.isAlive() ? "" : " (the example exited "
                        + example.exitValue() + ")") + "; the example's output:\n" + log);
            }
            Thread.sleep(100);
        }
    }
}
