package io.thaw.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.SandboxLog;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.testing.ThawRoutes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SNS and SQS deliver at least once: the sandbox publishes every completion notice three more times,
 * each 0–1 s later, to one thaw instance and to two instances sharing the default (H2) store — two
 * Camel Mains with the real routes/. Single- and multi-chunk outputs. Every archive must be fetched
 * once (one served range per chunk), delivered once (one "delivered" event per job), byte for byte,
 * and no job is DELIVERED with a size other than its archive's. Before the fix, a duplicate notice
 * re-claimed a job of its own instance while it was being delivered, truncated its staging file, and
 * the file was delivered with 0 bytes and recorded DELIVERED.
 */
class DuplicateNoticesIT {

    static final String VAULT = "twice";
    static final int ARCHIVES = 24;

    /** A sandbox, store and folders per test (an instance field): each run starts from nothing. */
    @RegisterExtension
    final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=400ms,Bulk=600ms")
            .withoutRoutes() // the default store, shared: an H2 file
            .set("thaw.notices.visibility-seconds", "30")
            .set("thaw.reconcile.tick-ms", "500")
            .set("thaw.reconcile.staged-grace", "20s")
            .before(t -> {
                t.sandbox().repeatNotices(3, Duration.ofSeconds(1));
                // one event per delivery, never overwritten: the count per job is the number of deliveries
                t.properties().setProperty("thaw.events.delivered", "file:" + t.work().resolve("events")
                        + "?fileName=${header.thawJobId}/${exchangeId}.json");
            });

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 2})
    void everyArchiveIsDeliveredOnceWhateverTheDuplicates(int instances) throws Exception {
        Path events = thaw.work().resolve("events");
        Random rnd = new Random(Long.getLong("thaw.duplicates.seed", System.nanoTime()));
        thaw.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
        Map<String, byte[]> archives = new HashMap<>();
        for (int i = 0; i < ARCHIVES; i++) {
            // most one chunk (the path that lost bytes), every fourth of 2–3 chunks
            byte[] data = new byte[i % 4 == 0 ? (1 << 20) + 1 + rnd.nextInt(2 << 20) : 1 + rnd.nextInt(300_000)];
            rnd.nextBytes(data);
            archives.put(thaw.upload(VAULT, data, "twice/file-" + i + ".bin"), data);
        }

        thaw.openStore().close(); // schema first: two instances must not both migrate a new file
        Path inbox = thaw.startInstance("i0").inbox();
        for (int n = 1; n < instances; n++) {
            thaw.startInstance("i" + n);
        }
        String list = archives.keySet().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        ThawRoutes.drop(inbox, "all.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"Tier\":\"Expedited\"},\"archives\":[" + list + "]}");
        try {
            thaw.await(ARCHIVES + " archives delivered", Duration.ofSeconds(120), () -> delivered() == ARCHIVES);
            // the last duplicates arrive up to a second after their job completed; let them all be handled
            Thread.sleep(2500);
            thaw.await("every notice handled", Duration.ofSeconds(30),
                    this::queueEmpty);
        } finally {
            thaw.stopInstances();
        }

        try (JobStore store = thaw.openStore()) {
            List<JobRecord> jobs = store.list(VAULT);
            assertEquals(ARCHIVES, jobs.size(), "one job per archive");
            Map<String, Long> served = thaw.sandbox().log().served().stream()
                    .collect(Collectors.groupingBy(SandboxLog.Served::jobId, Collectors.counting()));
            for (JobRecord j : jobs) {
                byte[] data = archives.get(j.archiveId());
                assertEquals(JobState.DELIVERED, j.state(), j.jobId());
                assertEquals(data.length, j.outputSize(), "recorded size of " + j.jobId());
                Path file = Path.of(URI.create(j.deliveredTo()));
                assertEquals(data.length, Files.size(file), "delivered size of " + file);
                assertEquals(TreeHash.of(data), TreeHash.of(file), "delivered bytes of " + file);
                long chunks = Math.max(1, (data.length + (1 << 20) - 1) / (1 << 20));
                assertEquals(chunks, served.getOrDefault(j.jobId(), 0L), "ranges served for " + j.jobId());
                try (Stream<Path> s = Files.list(events.resolve(j.jobId()))) {
                    assertEquals(1, s.count(), "deliveries of " + j.jobId());
                }
            }
        }
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertEquals(ARCHIVES, files.size(), "one file per archive, no part file: " + files);
        }
        System.out.println("duplicate notices, " + instances + " instance(s): " + ARCHIVES + " archives delivered once");
    }

    long delivered() {
        try (JobStore store = thaw.openStore()) {
            return store.countByState().get(JobState.DELIVERED);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** No notice waiting or in flight in the queue thaw reads. */
    boolean queueEmpty() {
        var a = thaw.sqs().getQueueAttributes(b -> b.queueUrl(thaw.wired().queueUrl()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return "0".equals(a.get("ApproximateNumberOfMessages"))
                && "0".equals(a.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
