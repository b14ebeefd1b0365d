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
 * {@link CrashRecoveryTest} on the default store: an H2 file owned by the thaw process, which is
 * killed with SIGKILL right after a request file moved to {@code .done/} (the jobs it started were
 * committed a moment before) and in the middle of downloading and delivering, then restarted. The
 * test never opens the store while thaw runs (with AUTO_SERVER it would become the file's owner and
 * the kill would spare the data); it watches the folders and thaw's log instead. In the end every
 * archive has exactly one job and one delivered file with the right bytes, nothing is left DOWNLOADING
 * or STAGED, and no staging or part file remains.
 */
class CrashRecoveryH2IT {

    static final String VAULT = "crashy";
    static final int ARCHIVES = 8;
    static final int KILLS = 2;

    @Test
    void killedRightAfterDoneAndMidDeliveryOnTheDefaultStoreEveryArchiveIsDeliveredOnce() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/crash-h2-" + System.nanoTime())).toAbsolutePath();
        Path outbox = work.resolve("outbox");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Random rnd = new Random(Long.getLong("thaw.crash.seed", System.nanoTime()));
        String url = "jdbc:h2:file:" + work.resolve("thaw-db") + ";AUTO_SERVER=TRUE"; // the model default, in this test's folder
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=500ms,Standard=1s,Bulk=1500ms"));
             GlacierClient glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                     .region(Region.of(sandbox.region())).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("t", "t"))).build()) {
            Properties p = new Properties();
            LocalWiring.wire(sandbox.endpoint(), sandbox.region(), p);
            p.setProperty("thaw.store.url", url);
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
                byte[] data = new byte[(i % 3 == 0 ? 3 << 20 : 0) + 2_000 + rnd.nextInt(400_000)];
                rnd.nextBytes(data);
                Path f = work.resolve("upload.bin");
                Files.write(f, data);
                archives.put(new ArchiveUploader(glacier).upload(VAULT, f, "crashy/file-" + i + ".bin").archiveId(), data);
                Files.delete(f);
            }
            List<String> ids = new ArrayList<>(archives.keySet());

                for (int k = 0; k < KILLS; k++) {
                CrashRecoveryTest.drop(inbox, k, ids.subList(k * ARCHIVES / KILLS, (k + 1) * ARCHIVES / KILLS));
                Path log = work.resolve("run-" + k + ".log");
                Process thaw = CrashRecoveryTest.start(config, log);
                boolean afterDone = k % 2 == 0;
                Path done = inbox.resolve(".done").resolve("req-" + k + ".json");
                try {
                    if (afterDone) {
                        // the jobs were committed just before the move: kill at once
                        Eventually.await("request " + k + " moved to .done/", Duration.ofSeconds(90), () -> Files.exists(done));
                    } else {
                        // deliveries under way: the first is recorded, the others are being written
                        Eventually.await("thaw delivering", Duration.ofSeconds(90),
                                () -> CrashRecoveryTest.logContains(log, "DELIVERED vault="));
                        Thread.sleep(rnd.nextInt(150));
                    }
                } finally {
                    kill(thaw);
                }
                System.out.println("crash test (H2): SIGKILL " + (afterDone ? "right after .done/" : "mid-delivery")
                        + "; delivered files " + deliveredFiles(outbox));
            }
            Process last = CrashRecoveryTest.start(config, work.resolve("run-final.log"));
            try {
                // thaw logs DELIVERED once it is recorded: a file under its final name may still be re-delivered
                // (a kill between the rename and the record leaves the job to deliver again, same bytes, same name)
                Eventually.await("every archive delivered after the crashes", Duration.ofSeconds(150),
                        () -> deliveredJobs(work) == ARCHIVES);
            } finally {
                kill(last); // DELIVERED is logged once committed: a last kill loses nothing either
            }

            try (JobStore store = JobStore.open(url, null, null)) {
                for (String id : ids) {
                    List<JobRecord> jobs = store.list(VAULT).stream().filter(j -> id.equals(j.archiveId())).toList();
                    assertEquals(1, jobs.size(), "one job per archive: " + jobs);
                    assertEquals(JobState.DELIVERED, jobs.get(0).state(), "job " + jobs.get(0).jobId());
                    assertEquals(archives.get(id).length, jobs.get(0).outputSize());
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

    /** SIGKILL, and wait until the process is gone. */
    static void kill(Process p) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
        p.waitFor();
    }

    /** Jobs thaw logged DELIVERED in any run. */
    static long deliveredJobs(Path work) {
        try (Stream<Path> logs = Files.list(work)) {
            return logs.filter(f -> f.getFileName().toString().startsWith("run-")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).filter(l -> l.contains("DELIVERED vault=")).map(l -> l.replaceAll(".* job=(\\S+) .*", "$1"))
                    .distinct().count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Files under their final names (no part files). */
    static long deliveredFiles(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(outbox)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".thaw-part"))
                    .filter(f -> !outbox.relativize(f).startsWith(".thaw-staging")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
