package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.SandboxLog;
import io.thaw.testing.ThawInstance;
import io.thaw.testing.ThawRoutes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two thaw instances (two Camel Mains with the real routes/) share one PostgreSQL store (embedded,
 * zonky) and one SQS queue: every one of a few dozen archives is downloaded once and delivered once,
 * both instances did work, and the inventory timer fired on one instance only.
 */
class TwoInstancesIT {

    static final String VAULT = "shared";
    static final int ARCHIVES = 30;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=300ms,Standard=300ms,Bulk=300ms")
            .postgres().withoutRoutes()
            .set("thaw.notices.visibility-seconds", "30")
            .set("thaw.reconcile.tick-ms", "500")
            .set("thaw.reconcile.staged-grace", "20s")
            .set("thaw.inventory.vaults", VAULT)
            .set("thaw.inventory.schedule", "PT1H")
            .set("thaw.inventory.tick-ms", "200")
            .before(t -> {
                Path inventory = t.work().resolve("inventory");
                t.properties().setProperty("thaw.inventory.destination", "file:" + inventory);
                t.properties().setProperty("thaw.allowed-roots", "file:" + t.outbox() + ",file:" + inventory);
            });

    @Test
    void twoInstancesOnOneStoreAndQueueDeliverEachJobExactlyOnce() throws Exception {
        EmbeddedPostgres pg = thaw.pg();
        thaw.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
        Map<String, byte[]> archives = new HashMap<>();
        Random rnd = new Random(7);
        for (int i = 0; i < ARCHIVES; i++) {
            byte[] data = new byte[1_000 + rnd.nextInt(300_000)];
            rnd.nextBytes(data);
            archives.put(thaw.upload(VAULT, data, "shared/file-" + i + ".bin"), data);
        }

        ThawInstance a = thaw.startInstance("a");
        thaw.startInstance("b");
        // Both instances' notice consumers polling before the first notice: a consumer polls within
        // thaw.notices.wait-seconds (1 s here) of its start. Without this wait a CI run once saw all 30 notices
        // taken by instance a (10 per poll) while b, started last on a loaded machine, had not polled yet.
        Thread.sleep(2_000);
        String list = archives.keySet().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        ThawRoutes.drop(a.inbox(), "all.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"Tier\":\"Expedited\"},\"archives\":[" + list + "]}");

        thaw.await(ARCHIVES + " archives delivered", Duration.ofSeconds(120),
                () -> count(pg, "select count(*) from thaw_job where state = 'DELIVERED'"
                        + " and action = 'ArchiveRetrieval'") == ARCHIVES);

        // Each delivered once, with the right bytes, nothing partial.
        List<Path> files;
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(ARCHIVES, files.size(), "one file per archive: " + files);
        try (JobStore store = thaw.openStore()) {
            for (JobRecord j : store.list(VAULT)) {
                if (!j.isInventory()) {
                    assertEquals(TreeHash.of(archives.get(j.archiveId())),
                            TreeHash.of(Path.of(URI.create(j.deliveredTo()))));
                }
            }
        }
        // Each job's output was downloaded once: one served range per job, all 200s.
        Map<String, Long> served = thaw.sandbox().log().served().stream()
                .collect(Collectors.groupingBy(SandboxLog.Served::jobId, Collectors.counting()));
        try (JobStore store = thaw.openStore()) {
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
        long inventoryJobs = thaw.sandbox().log().jobs().stream()
                .filter(j -> "InventoryRetrieval".equals(j.action())).count();
        assertEquals(1, inventoryJobs, "the inventory timer fired on one instance only");
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
}
