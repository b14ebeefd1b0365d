package io.thaw.store;

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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Two thaw instances (two Camel Mains with the real routes/) share one PostgreSQL store (embedded,
 * zonky) and one SQS queue: every one of a few dozen archives is downloaded once and delivered once,
 * both instances did work, and the inventory timer fired on one instance only.
 */
class TwoInstancesTest {

    static final String VAULT = "shared";
    static final int ARCHIVES = 30;

    @Test
    void twoInstancesOnOneStoreAndQueueDeliverEachJobExactlyOnce() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/two-instances-" + System.nanoTime()));
        Path outbox = work.resolve("outbox");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                     .withJobDelays("Expedited=300ms,Standard=300ms,Bulk=300ms"));
             GlacierClient glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                     .region(Region.of(sandbox.region())).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("t", "t"))).build()) {
            Properties shared = new Properties();
            LocalWiring.wire(sandbox.endpoint(), sandbox.region(), shared);
            shared.setProperty("thaw.store.url", pg.getJdbcUrl("postgres", "postgres"));
            shared.setProperty("thaw.store.user", "postgres");
            shared.setProperty("thaw.destination.default", "file:" + outbox);
            shared.setProperty("thaw.allowed-roots", "file:" + outbox);
            shared.setProperty("thaw.inbox.settle-ms", "200");
            shared.setProperty("thaw.notices.wait-seconds", "1");
            shared.setProperty("thaw.notices.visibility-seconds", "30");
            shared.setProperty("thaw.download.chunk-mib", "1");
            shared.setProperty("thaw.reconcile.tick-ms", "500");
            shared.setProperty("thaw.reconcile.staged-grace", "20s");
            shared.setProperty("thaw.inventory.vaults", VAULT);
            shared.setProperty("thaw.inventory.schedule", "PT1H");
            shared.setProperty("thaw.inventory.tick-ms", "200");
            shared.setProperty("thaw.inventory.destination", "file:" + work.resolve("inventory"));
            shared.setProperty("thaw.allowed-roots", "file:" + outbox + ",file:" + work.resolve("inventory"));

            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            Map<String, byte[]> archives = new HashMap<>();
            Random rnd = new Random(7);
            for (int i = 0; i < ARCHIVES; i++) {
                byte[] data = new byte[1_000 + rnd.nextInt(300_000)];
                rnd.nextBytes(data);
                Path f = work.resolve("upload.bin");
                Files.write(f, data);
                archives.put(new ArchiveUploader(glacier).upload(VAULT, f, "shared/file-" + i + ".bin").archiveId(), data);
                Files.delete(f);
            }

            Instance a = Instance.start("a", work, shared);
            Instance b = Instance.start("b", work, shared);
            try {
                String list = archives.keySet().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
                Path tmp = a.inbox.resolve("all.json.tmp");
                Files.writeString(tmp, "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":"
                        + "\"Expedited\"},\"archives\":[" + list + "]}", StandardCharsets.UTF_8);
                Files.move(tmp, a.inbox.resolve("all.json"));

                String url = pg.getJdbcUrl("postgres", "postgres");
                Eventually.await(ARCHIVES + " archives delivered", Duration.ofSeconds(120),
                        () -> count(pg, "select count(*) from thaw_job where state = 'DELIVERED'"
                                + " and action = 'ArchiveRetrieval'") == ARCHIVES);

                // Each delivered once, with the right bytes, nothing partial.
                List<Path> files;
                try (Stream<Path> s = Files.walk(outbox)) {
                    files = s.filter(Files::isRegularFile).toList();
                }
                assertEquals(ARCHIVES, files.size(), "one file per archive: " + files);
                try (JobStore store = JobStore.open(url, "postgres", null)) {
                    for (JobRecord j : store.list(VAULT)) {
                        if (!j.isInventory()) {
                            assertEquals(TreeHash.of(archives.get(j.archiveId())),
                                    TreeHash.of(Path.of(URI.create(j.deliveredTo()))));
                        }
                    }
                }
                // Each job's output was downloaded once: one served range per job, all 200s.
                Map<String, Long> served = sandbox.log().served().stream()
                        .collect(Collectors.groupingBy(SandboxLog.Served::jobId, Collectors.counting()));
                try (JobStore store = JobStore.open(url, "postgres", null)) {
                    for (JobRecord j : store.list(VAULT)) {
                        if (!j.isInventory()) {
                            long chunks = (j.outputSize() + (1 << 20) - 1) / (1 << 20);
                            assertEquals(chunks, served.getOrDefault(j.jobId(), 0L), "ranges served for " + j.jobId());
                        }
                    }
                }
                Map<String, Long> byInstance = byInstance(pg);
                System.out.println("two instances: deliveries per instance " + byInstance);
                assertTrue(byInstance.getOrDefault("instance-a", 0L) > 0 && byInstance.getOrDefault("instance-b", 0L) > 0,
                        "both instances did work: " + byInstance);
                long inventoryJobs = sandbox.log().jobs().stream()
                        .filter(j -> "InventoryRetrieval".equals(j.action())).count();
                assertEquals(1, inventoryJobs, "the inventory timer fired on one instance only");
            } finally {
                a.stop();
                b.stop();
            }
            io.thaw.TestDirs.delete(work);
        }
    }

    static long count(EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;   // the schema may not exist yet
        }
    }

    static Map<String, Long> byInstance(EmbeddedPostgres pg) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select claimed_by, count(*) from thaw_job where state = 'DELIVERED'"
                     + " and action = 'ArchiveRetrieval' group by claimed_by")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** One thaw process's worth of routes, in a thread of this JVM. */
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
            Main main = ThawMain.create((Path) null, p);
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
