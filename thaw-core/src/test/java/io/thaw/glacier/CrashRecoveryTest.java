package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.setup.LocalWiring;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * thaw as a separate JVM ({@code io.thaw.Thaw run --config FILE}) is killed with SIGKILL at random
 * moments — while starting jobs, downloading, delivering — and restarted, several times. In the end
 * every archive has exactly one job and one delivered file with the right bytes, and no staging or
 * {@code .thaw-part} file is left behind.
 */
class CrashRecoveryTest {

    static final String VAULT = "crashy";
    static final int ARCHIVES = 16;
    static final int KILLS = 4;

    @Test
    void killedAtRandomPointsAndRestartedEveryArchiveIsDeliveredExactlyOnce() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/crash-" + System.nanoTime())).toAbsolutePath();
        Path outbox = work.resolve("outbox");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Random rnd = new Random(Long.getLong("thaw.crash.seed", System.nanoTime()));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                     .withJobDelays("Expedited=500ms,Standard=1s,Bulk=1500ms"));
             GlacierClient glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                     .region(Region.of(sandbox.region())).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("t", "t"))).build()) {
            Properties p = new Properties();
            LocalWiring.wire(sandbox.endpoint(), sandbox.region(), p);
            String url = pg.getJdbcUrl("postgres", "postgres");
            p.setProperty("thaw.store.url", url);
            p.setProperty("thaw.store.user", "postgres");
            p.setProperty("thaw.inbox", inbox.toString());
            p.setProperty("thaw.inbox.settle-ms", "200");
            p.setProperty("thaw.destination.default", "file:" + outbox);
            p.setProperty("thaw.allowed-roots", "file:" + outbox);
            p.setProperty("thaw.staging", work.resolve("staging").toString());
            p.setProperty("thaw.notices.error-folder", work.resolve("notice-errors").toString());
            p.setProperty("thaw.notices.wait-seconds", "1");
            p.setProperty("thaw.notices.visibility-seconds", "4");
            p.setProperty("thaw.download.chunk-mib", "1");
            p.setProperty("thaw.download.parallel", "2");
            p.setProperty("thaw.reconcile.tick-ms", "500");
            p.setProperty("thaw.reconcile.grace", "3s");
            p.setProperty("thaw.reconcile.staged-grace", "3s");
            p.setProperty("thaw.reconcile.poll.expedited", "1s");
            p.setProperty("thaw.reconcile.poll.standard", "1s");
            p.setProperty("thaw.reconcile.poll.bulk", "1s");
            p.setProperty("thaw.retry.base", "300ms");
            p.setProperty("thaw.retry.max", "2s");
            p.setProperty("thaw.claims.ttl", "6s");
            p.setProperty("thaw.instance.id", "crashy-1");
            Path config = work.resolve("thaw.properties");
            Files.writeString(config, p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"))
                    + "\n", StandardCharsets.UTF_8);

            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            Map<String, byte[]> archives = new HashMap<>();
            for (int i = 0; i < ARCHIVES; i++) {
                byte[] data = new byte[(i % 4 == 0 ? 3 << 20 : 0) + 2_000 + rnd.nextInt(400_000)];
                rnd.nextBytes(data);
                Path f = work.resolve("upload.bin");
                Files.write(f, data);
                archives.put(new ArchiveUploader(glacier).upload(VAULT, f, "crashy/file-" + i + ".bin").archiveId(), data);
                Files.delete(f);
            }
            List<String> ids = new ArrayList<>(archives.keySet());

            // Kill points: in the middle of starting jobs, while downloading, right after a delivery, while
            // downloading again — each reached by watching the store, then a random few milliseconds more.
            // Each run gets a request file of its own, so every kill point has work in flight: one run
            // can deliver all the archives it knows of before the next kill would be reached.
            try (JobStore watch = JobStore.open(url, "postgres", null)) {
                for (int k = 0; k < KILLS; k++) {
                    drop(inbox, k, ids.subList(k * ARCHIVES / KILLS, (k + 1) * ARCHIVES / KILLS));
                    long before = count(watch, JobState.DELIVERED);
                    Process thaw = start(config, work.resolve("run-" + k + ".log"));
                    String point = switch (k) {
                        case 0 -> "starting jobs";
                        case 2 -> "after a delivery";
                        default -> "downloading";
                    };
                    Path request = inbox.resolve("req-" + k + ".json");
                    try {
                        // Taking the run's request file first keeps a job the last kill left DOWNLOADING from
                        // ending this run before it has started.
                        Eventually.await("thaw " + point, Duration.ofSeconds(90), () -> !Files.exists(request) && switch (point) {
                            case "starting jobs" -> !watch.list(VAULT).isEmpty();
                            case "after a delivery" -> count(watch, JobState.DELIVERED) > before;
                            default -> count(watch, JobState.DOWNLOADING) > 0 || count(watch, JobState.DELIVERED) > before;
                        });
                        Thread.sleep(rnd.nextInt(300));
                    } finally {
                        thaw.destroyForcibly().waitFor();
                    }
                    System.out.println("crash test: SIGKILL " + point + "; jobs " + watch.list(VAULT).size()
                            + ", delivered " + count(watch, JobState.DELIVERED));
                }
            }
            Process last = start(config, work.resolve("run-final.log"));
            try {
                Eventually.await("every archive delivered after the crashes", Duration.ofSeconds(150),
                        () -> delivered(url) == ARCHIVES);
            } finally {
                last.destroyForcibly().waitFor();
            }
            // One more start runs the startup sweep over what the last kill may have left.
            Process sweep = start(config, work.resolve("run-sweep.log"));
            try {
                Eventually.await("restarted", Duration.ofSeconds(90), () -> logContains(work.resolve("run-sweep.log"),
                        "started in"));
            } finally {
                sweep.destroyForcibly().waitFor();
            }

            try (JobStore store = JobStore.open(url, "postgres", null)) {
                for (String id : ids) {
                    List<JobRecord> jobs = store.list(VAULT).stream().filter(j -> id.equals(j.archiveId())).toList();
                    assertEquals(1, jobs.size(), "one job per archive: " + jobs);
                    assertEquals(JobState.DELIVERED, jobs.get(0).state());
                    assertEquals(TreeHash.of(archives.get(id)), TreeHash.of(Path.of(URI.create(jobs.get(0).deliveredTo()))));
                    assertEquals(1, sandbox.log().jobs().stream().filter(j -> id.equals(j.archiveId())).count(),
                            "Glacier saw one job for archive " + id);
                }
            }
            try (Stream<Path> s = Files.walk(outbox)) {
                List<Path> files = s.filter(Files::isRegularFile).toList();
                assertEquals(ARCHIVES, files.size(), "one file per archive and no .thaw-part: " + files);
            }
            // a folder destination's output is downloaded in its own .thaw-staging (then renamed, issue 14)
            for (Path staging : List.of(work.resolve("staging"), outbox.resolve(".thaw-staging"))) {
                if (Files.exists(staging)) {
                    try (Stream<Path> s = Files.list(staging)) {
                        List<Path> left = s.toList();
                        assertTrue(left.isEmpty(), "no staging files left: " + left);
                    }
                }
            }
            io.thaw.TestDirs.delete(work);
        }
    }

    static void drop(Path inbox, int r, List<String> archiveIds) throws IOException {
        Path tmp = inbox.resolve("req-" + r + ".json.tmp");
        Files.writeString(tmp, "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\""
                + (r % 2 == 0 ? "Expedited" : "Standard") + "\"},\"archives\":[" + archiveIds.stream()
                .map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}", StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve("req-" + r + ".json"));
    }

    static Process start(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                io.thaw.RoutesProcessMain.class.getName(), config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static long count(JobStore store, JobState state) {
        return store.list(VAULT).stream().filter(j -> j.state() == state).count();
    }

    static long delivered(String url) {
        try (JobStore store = JobStore.open(url, "postgres", null)) {
            return store.list(VAULT).stream().filter(j -> j.state() == JobState.DELIVERED).count();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
