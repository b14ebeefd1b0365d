package io.thaw;

import io.thaw.RouteTestSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.setup.LocalWiring;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.ArchiveUploader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The acceptance fault suite: a few dozen archives retrieved through the real routes while the sandbox
 * throttles, answers 500, truncates and corrupts bodies; every notice arrives twice (a second, raw
 * subscription), a share of notices is never sent, a poison message sits in the queue, and one job's
 * output expires before it is fetched. Every archive must end delivered exactly once with its bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSuiteTest extends RouteTestSupport {

    static final String VAULT = "faulty";
    static final int ARCHIVES = 40;
    static final String FAULTS = "throttle=0.2,error500=0.2,truncate=0.25,corrupt=0.25,seed=20261121";
    static final Path work;
    static final Path outbox;
    static final Path inbox;
    static final Sandbox sandbox;
    static final GlacierClient glacier;
    static final SqsClient sqs;
    static final LocalWiring.Wired wired;
    static final String tapQueue;
    static final Properties props = new Properties();

    static {
        try {
            work = Files.createDirectories(Path.of("target/test-work/faults-" + System.nanoTime()));
            inbox = Files.createDirectories(work.resolve("inbox"));
            outbox = work.resolve("outbox");
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                    .withJobDelays("Expedited=300ms,Standard=600ms,Bulk=900ms"));
            wired = LocalWiring.wire(sandbox.endpoint(), sandbox.region(), props);
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"));
            glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(creds).build();
            sqs = SqsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(creds).build();
            try (SnsClient sns = SnsClient.builder().endpointOverride(sandbox.endpoint())
                    .region(Region.of(sandbox.region())).credentialsProvider(creds).build()) {
                // Duplicate notices: thaw's queue is subscribed a second time (raw delivery).
                sns.subscribe(b -> b.topicArn(wired.topicArn()).protocol("sqs").endpoint(arn(wired.queueUrl()))
                        .attributes(Map.of("RawMessageDelivery", "true")));
                // A tap that counts the notices actually published (to tell how many were dropped).
                tapQueue = sqs.createQueue(b -> b.queueName("tap")).queueUrl();
                sns.subscribe(b -> b.topicArn(wired.topicArn()).protocol("sqs").endpoint(arn(tapQueue)));
            }
            routeDefaults(props, work, inbox, outbox);
            props.setProperty("thaw.notices.error-folder", work.resolve("notice-errors").toString());
            props.setProperty("thaw.download.backoff-ms", "20");
            props.setProperty("thaw.reconcile.tick-ms", "500");
            props.setProperty("thaw.reconcile.grace", "3s");
            props.setProperty("thaw.reconcile.staged-grace", "5s");
            props.setProperty("thaw.reconcile.poll.expedited", "1s");
            props.setProperty("thaw.reconcile.poll.standard", "1s");
            props.setProperty("thaw.reconcile.poll.bulk", "1s");
            props.setProperty("thaw.retry.base", "300ms");
            props.setProperty("thaw.retry.max", "2s");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String arn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
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
    void everyArchiveIsDeliveredExactlyOnceWithItsBytesDespiteTheFaults() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        Map<String, byte[]> archives = new LinkedHashMap<>();
        Random rnd = new Random(99);
        for (int i = 0; i < ARCHIVES; i++) {
            byte[] data = new byte[(i % 4) * (1 << 20) + 1_000 + rnd.nextInt(900_000)];
            rnd.nextBytes(data);
            Path f = work.resolve("upload.bin");
            Files.write(f, data);
            archives.put(new ArchiveUploader(glacier).upload(VAULT, f, "faulty/f" + i + ".bin").archiveId(), data);
            Files.delete(f);
        }
        List<String> ids = List.copyOf(archives.keySet());

        // One job's output expires before thaw can fetch it.
        String late = ids.get(0);
        context.getRouteController().stopRoute("receive-notices");
        context.getRouteController().stopRoute("reconcile");
        drop("late.json", request(List.of(late), "Expedited"));
        Eventually.await("late job recorded", Duration.ofSeconds(60), () -> jobsFor(late).size() == 1);
        String lateJob = jobsFor(late).get(0).jobId();
        sandbox.expireJobOutput(lateJob);

        sandbox.setFaults(Faults.parse(FAULTS));
        sandbox.dropNotices(0.3);
        sqs.sendMessage(b -> b.queueUrl(wired.queueUrl()).messageBody("{\"Type\":\"Notification\",\"Message\":\"oops"));
        context.getRouteController().startRoute("receive-notices");
        context.getRouteController().startRoute("reconcile");
        drop("a.json", request(ids.subList(1, ARCHIVES / 2), "Expedited"));
        drop("b.json", request(ids.subList(ARCHIVES / 2, ARCHIVES), "Standard"));

        Eventually.await("every archive delivered", Duration.ofSeconds(180), () -> ids.stream().allMatch(id ->
                jobsFor(id).stream().anyMatch(j -> j.state() == JobState.DELIVERED)));
        sandbox.setFaults(Faults.NONE);

        Map<Faults.Kind, Long> faults = sandbox.log().faultCounts();
        long injected = faults.values().stream().mapToLong(Long::longValue).sum();
        long completed = sandbox.log().jobs().stream().filter(j -> j.completed() != null).count();
        long published = Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(tapQueue).attributeNamesWithStrings(
                "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
        long poison = listing(work.resolve("notice-errors")).filter(p -> p.toString().endsWith(".reason.txt")).count();
        System.out.println("fault suite: injected " + faults + " = " + injected + "; notices published " + published
                + " (each delivered twice), dropped " + (completed - published) + " of " + completed
                + "; poison kept " + poison + "; expired outputs 1");

        for (String id : ids) {
            List<JobRecord> jobs = jobsFor(id);
            List<JobRecord> delivered = jobs.stream().filter(j -> j.state() == JobState.DELIVERED).toList();
            assertEquals(1, delivered.size(), "delivered once: " + jobs);
            assertEquals(TreeHash.of(archives.get(id)), TreeHash.of(Path.of(URI.create(delivered.get(0).deliveredTo()))));
            assertEquals(id.equals(late) ? 2 : 1, jobs.size(), "jobs for archive " + id + ": " + jobs);
        }
        JobRecord expired = store().find(lateJob).orElseThrow();
        assertEquals(JobState.EXPIRED, expired.state());
        try (Stream<Path> s = Files.walk(outbox)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertEquals(ARCHIVES, files.size(), "one file per archive, nothing partial: " + files);
        }
        assertTrue(injected >= 200, "at least 200 injected faults, got " + faults);
        assertTrue(completed - published > 0, "some notices were never sent");
        assertTrue(poison >= 1, "the poison message was kept with its reason");
        TestDirs.delete(outbox);
        TestDirs.delete(work.resolve("sandbox"));
    }

    List<JobRecord> jobsFor(String archiveId) {
        return store().list(VAULT).stream().filter(j -> archiveId.equals(j.archiveId())).toList();
    }

    static String request(List<String> ids, String tier) {
        return "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"" + tier + "\"},"
                + "\"archives\":[" + ids.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",")) + "]}";
    }

    void drop(String name, String content) throws IOException {
        dropRequest(inbox, name, content);
    }

    static Stream<Path> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
