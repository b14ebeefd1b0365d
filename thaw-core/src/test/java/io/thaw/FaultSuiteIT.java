package io.thaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Faults;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The acceptance fault suite: a few dozen archives retrieved through the real routes while the sandbox
 * throttles, answers 500, truncates and corrupts bodies; every notice arrives twice (a second, raw
 * subscription), a share of notices is never sent, a poison message sits in the queue, and one job's
 * output expires before it is fetched. Every archive must end delivered exactly once with its bytes.
 */
class FaultSuiteIT {

    static final String VAULT = "faulty";
    static final int ARCHIVES = 40;
    static final String FAULTS = "throttle=0.2,error500=0.2,truncate=0.25,corrupt=0.25,seed=20261121";
    static String tapQueue;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox()
            .set("thaw.download.backoff-ms", "20")
            .set("thaw.reconcile.tick-ms", "500")
            .set("thaw.reconcile.grace", "3s")
            .set("thaw.reconcile.staged-grace", "5s")
            .set("thaw.reconcile.poll.expedited", "1s")
            .set("thaw.reconcile.poll.standard", "1s")
            .set("thaw.reconcile.poll.bulk", "1s")
            .set("thaw.retry.base", "300ms")
            .set("thaw.retry.max", "2s")
            .before(t -> {
                String topic = t.wired().topicArn();
                // Duplicate notices: thaw's queue is subscribed a second time (raw delivery).
                t.sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn(t.wired().queueUrl()))
                        .attributes(Map.of("RawMessageDelivery", "true")));
                // A tap that counts the notices actually published (to tell how many were dropped).
                tapQueue = t.sqs().createQueue(b -> b.queueName("tap")).queueUrl();
                t.sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn(tapQueue)));
            });

    static String arn(String queueUrl) {
        return thaw.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    @Test
    void everyArchiveIsDeliveredExactlyOnceWithItsBytesDespiteTheFaults() throws Exception {
        thaw.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
        Map<String, byte[]> archives = new LinkedHashMap<>();
        Random rnd = new Random(99);
        for (int i = 0; i < ARCHIVES; i++) {
            byte[] data = new byte[(i % 4) * (1 << 20) + 1_000 + rnd.nextInt(900_000)];
            rnd.nextBytes(data);
            archives.put(thaw.upload(VAULT, data, "faulty/f" + i + ".bin"), data);
        }
        List<String> ids = List.copyOf(archives.keySet());

        // One job's output expires before thaw can fetch it.
        String late = ids.get(0);
        thaw.context().getRouteController().stopRoute("receive-notices");
        thaw.context().getRouteController().stopRoute("reconcile");
        drop("late.json", request(List.of(late), "Expedited"));
        thaw.await("late job recorded", Duration.ofSeconds(60), () -> jobsFor(late).size() == 1);
        String lateJob = jobsFor(late).get(0).jobId();
        thaw.sandbox().expireJobOutput(lateJob);

        thaw.sandbox().setFaults(Faults.parse(FAULTS));
        thaw.sandbox().dropNotices(0.3);
        thaw.sqs().sendMessage(b -> b.queueUrl(thaw.wired().queueUrl()).messageBody("{\"Type\":\"Notification\",\"Message\":\"oops"));
        thaw.context().getRouteController().startRoute("receive-notices");
        thaw.context().getRouteController().startRoute("reconcile");
        drop("a.json", request(ids.subList(1, ARCHIVES / 2), "Expedited"));
        drop("b.json", request(ids.subList(ARCHIVES / 2, ARCHIVES), "Standard"));

        thaw.await("every archive delivered", Duration.ofSeconds(180), () -> ids.stream().allMatch(id ->
                jobsFor(id).stream().anyMatch(j -> j.state() == JobState.DELIVERED)));
        thaw.sandbox().setFaults(Faults.NONE);

        Map<Faults.Kind, Long> faults = thaw.sandbox().log().faultCounts();
        long injected = faults.values().stream().mapToLong(Long::longValue).sum();
        long completed = thaw.sandbox().log().jobs().stream().filter(j -> j.completed() != null).count();
        long published = Long.parseLong(thaw.sqs().getQueueAttributes(b -> b.queueUrl(tapQueue).attributeNamesWithStrings(
                "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
        long poison = listing(thaw.work().resolve("notices-error")).filter(p -> p.toString().endsWith(".reason.txt")).count();
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
        JobRecord expired = thaw.store().find(lateJob).orElseThrow();
        assertEquals(JobState.EXPIRED, expired.state());
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertEquals(ARCHIVES, files.size(), "one file per archive, nothing partial: " + files);
        }
        assertTrue(injected >= 200, "at least 200 injected faults, got " + faults);
        assertTrue(completed - published > 0, "some notices were never sent");
        assertTrue(poison >= 1, "the poison message was kept with its reason");
    }

    static List<JobRecord> jobsFor(String archiveId) {
        return thaw.store().list(VAULT).stream().filter(j -> archiveId.equals(j.archiveId())).toList();
    }

    static String request(List<String> ids, String tier) {
        return "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"" + tier + "\"},"
                + "\"archives\":[" + ids.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",")) + "]}";
    }

    static void drop(String name, String content) throws IOException {
        thaw.drop(name, content);
    }

    static Stream<Path> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
