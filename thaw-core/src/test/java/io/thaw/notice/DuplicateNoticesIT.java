package io.thaw.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.ThawMain;
import io.thaw.setup.LocalWiring;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxLog;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.main.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

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

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 2})
    void everyArchiveIsDeliveredOnceWhateverTheDuplicates(int instances) throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/duplicates-" + System.nanoTime())).toAbsolutePath();
        Path outbox = work.resolve("outbox");
        Path events = work.resolve("events");
        Random rnd = new Random(Long.getLong("thaw.duplicates.seed", System.nanoTime()));
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=200ms,Standard=400ms,Bulk=600ms"));
             GlacierClient glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                     .region(Region.of(sandbox.region())).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("t", "t"))).build()) {
            sandbox.repeatNotices(3, Duration.ofSeconds(1));
            Properties shared = new Properties();
            String queueUrl = LocalWiring.wire(sandbox.endpoint(), sandbox.region(), shared).queueUrl();
            String url = "jdbc:h2:file:" + work.resolve("thaw-db") + ";AUTO_SERVER=TRUE"; // the default store, shared
            shared.setProperty("thaw.store.url", url);
            shared.setProperty("thaw.destination.default", "file:" + outbox);
            shared.setProperty("thaw.allowed-roots", "file:" + outbox);
            shared.setProperty("thaw.inbox.settle-ms", "200");
            shared.setProperty("thaw.notices.wait-seconds", "1");
            shared.setProperty("thaw.notices.visibility-seconds", "30");
            shared.setProperty("thaw.download.chunk-mib", "1");
            shared.setProperty("thaw.reconcile.tick-ms", "500");
            shared.setProperty("thaw.reconcile.staged-grace", "20s");
            // one event per delivery, never overwritten: the count per job is the number of deliveries
            shared.setProperty("thaw.events.delivered", "file:" + events + "?fileName=${header.thawJobId}/${exchangeId}.json");

            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            Map<String, byte[]> archives = new HashMap<>();
            for (int i = 0; i < ARCHIVES; i++) {
                // most one chunk (the path that lost bytes), every fourth of 2–3 chunks
                byte[] data = new byte[i % 4 == 0 ? (1 << 20) + 1 + rnd.nextInt(2 << 20) : 1 + rnd.nextInt(300_000)];
                rnd.nextBytes(data);
                Path f = work.resolve("upload.bin");
                Files.write(f, data);
                archives.put(new ArchiveUploader(glacier).upload(VAULT, f, "twice/file-" + i + ".bin").archiveId(), data);
                Files.delete(f);
            }

            JobStore.open(url, null, null).close(); // schema first: two instances must not both migrate a new file
            List<Instance> running = new ArrayList<>();
            try {
                for (int n = 0; n < instances; n++) {
                    running.add(Instance.start("i" + n, work, shared));
                }
                String list = archives.keySet().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
                Path inbox = running.get(0).inbox();
                Path tmp = inbox.resolve("all.json.tmp");
                Files.writeString(tmp, "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":"
                        + "\"Expedited\"},\"archives\":[" + list + "]}", StandardCharsets.UTF_8);
                Files.move(tmp, inbox.resolve("all.json"));

                Eventually.await(ARCHIVES + " archives delivered", Duration.ofSeconds(120),
                        () -> delivered(url) == ARCHIVES);
                // the last duplicates arrive up to a second after their job completed; let them all be handled
                Thread.sleep(2500);
                Eventually.await("every notice handled", Duration.ofSeconds(30), () -> queueEmpty(sandbox, queueUrl));
            } finally {
                for (Instance i : running) {
                    i.stop();
                }
            }

            try (JobStore store = JobStore.open(url, null, null)) {
                List<JobRecord> jobs = store.list(VAULT);
                assertEquals(ARCHIVES, jobs.size(), "one job per archive");
                Map<String, Long> served = sandbox.log().served().stream()
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
            try (Stream<Path> s = Files.walk(outbox)) {
                List<Path> files = s.filter(Files::isRegularFile).toList();
                assertEquals(ARCHIVES, files.size(), "one file per archive, no part file: " + files);
            }
            System.out.println("duplicate notices, " + instances + " instance(s): " + ARCHIVES + " archives delivered once");
        }
        io.thaw.TestDirs.delete(work);
    }

    static long delivered(String url) {
        try (JobStore store = JobStore.open(url, null, null)) {
            return store.inState(JobState.DELIVERED).size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** No notice waiting or in flight in the queue thaw reads. */
    static boolean queueEmpty(Sandbox sandbox, String queueUrl) {
        try (var sqs = io.thaw.SandboxClients.sqs(sandbox)) {
            var a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            return "0".equals(a.get("ApproximateNumberOfMessages"))
                    && "0".equals(a.get("ApproximateNumberOfMessagesNotVisible"));
        }
    }

    /** One thaw's worth of routes, in a thread of this JVM. */
    record Instance(Main main, Thread thread, Path inbox) {

        static Instance start(String name, Path work, Properties shared) throws IOException {
            Properties p = new Properties();
            p.putAll(shared);
            Path inbox = Files.createDirectories(work.resolve("inbox-" + name));
            p.setProperty("thaw.inbox", inbox.toString());
            p.setProperty("thaw.staging", work.resolve("staging-" + name).toString());
            p.setProperty("thaw.notices.error-folder", work.resolve("errors-" + name).toString());
            p.setProperty("thaw.instance.id", "instance-" + name);
            p.setProperty("camel.main.name", "thaw-" + name);
            Main main = ThawMain.create(io.thaw.ThawConfig.fromFiles(java.util.List.of()), p);
            Thread t = new Thread(() -> {
                try {
                    main.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "thaw-instance-" + name);
            t.start();
            return new Instance(main, t, inbox);
        }

        void stop() throws InterruptedException {
            main.completed();
            thread.join(30_000);
        }
    }
}
