package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of thaw retire: a vault retrieved through thaw to a folder and to SFTP; the dry run deletes
 * nothing; with one copy altered, one removed and one in quarantine, --confirm deletes exactly the
 * others and the manifest lists them; a Vault Lock refuses with its reason; --delete-vault refuses while
 * an inventory lists archives and deletes the vault once it lists none.
 */
class RetireCommandIT {

    @Test
    void deletesOnlyWhatIsProvablySafeThenTheVault() throws Exception {
        try (RetireFixture x = new RetireFixture("retire-flow", 3, 3, "20")) {
            List<FetchFixture.Archive> a = x.archives;
            x.deliveredAgo(Duration.ofDays(8), a.get(2).archiveId()); // archive 2: delivered just now

            // an inventory delivered through thaw gives each archive's age (early-deletion charge)
            String inv = x.f.glacier.initiateJob(r -> r.vaultName(x.vault).jobParameters(p -> p.type("inventory-retrieval")))
                    .jobId();
            x.f.sandbox.completeJob(inv);
            Path invDir = Files.createDirectories(x.f.work.resolve("inventories"));
            assertEquals(0, FetchFixture.thaw("fetch", "--config", x.config.toString(), "--vault", x.vault, "--job-id", inv,
                    "--to", invDir.toString(), "--quiet").exit());

            FetchFixture.Run dry = x.retire();
            assertEquals(0, dry.exit(), dry.err());
            assertTrue(dry.out().contains("for 5 archives younger than 90 days"), dry.out());
            assertTrue(dry.out().contains("DRY RUN"), dry.out());
            assertTrue(dry.out().contains("would delete"), dry.out());
            assertTrue(dry.out().contains("QUARANTINE"), dry.out());
            assertTrue(dry.out().contains("monthly storage saving"), dry.out());
            assertTrue(dry.out().contains("early-deletion charge"), dry.out());
            assertEquals(6, x.archivesInVault(), "a dry run deletes nothing");

            // archive 1 (folder): one byte altered; archive 4 (SFTP): removed; archive 2: in quarantine
            byte[] b = Files.readAllBytes(x.copies.get(1));
            b[b.length / 2] ^= 1;
            Files.write(x.copies.get(1), b, StandardOpenOption.TRUNCATE_EXISTING);
            Files.delete(x.copies.get(4));

            FetchFixture.Run run = x.retire("--confirm");
            assertEquals(0, run.exit(), run.err() + run.out());
            assertEquals(3, x.archivesInVault(), run.out());
            assertTrue(run.out().contains("differs from the archive"), run.out());
            assertTrue(run.out().contains("is missing"), run.out());
            Set<String> deleted = manifestIds(x.reports);
            assertEquals(Set.of(a.get(0).archiveId(), a.get(3).archiveId(), a.get(5).archiveId()), deleted);
            assertTrue(Files.list(x.reports).anyMatch(p -> p.toString().endsWith("-manifest.json")));
            progressShows(x, 3);

            // a Vault Lock policy that denies DeleteArchive refuses the retire, with the policy's reason
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"keep-for-compliance\",\"Principal\":\"*\","
                    + "\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"*\"}]}";
            String lockId = x.f.glacier.initiateVaultLock(r -> r.vaultName(x.vault).policy(p -> p.policy(policy))).lockId();
            FetchFixture.Run locked = x.retire("--confirm", "--min-age", "0s");
            assertEquals(1, locked.exit(), locked.out());
            assertTrue(locked.err().contains("keep-for-compliance"), locked.err());
            assertEquals(3, x.archivesInVault());
            x.f.glacier.abortVaultLock(r -> r.vaultName(x.vault));
            assertEquals(lockId.isEmpty(), false);

            // quarantine over: the intact copy of archive 2 is deleted; 1 and 4 stay (their copies are bad)
            FetchFixture.Run later = x.retire("--confirm", "--min-age", "0s");
            assertEquals(0, later.exit(), later.err());
            assertEquals(2, x.archivesInVault());

            // the vault: refused while archives remain, named with why
            FetchFixture.Run refused = x.retire("--delete-vault", "--confirm", "--wait", "60s");
            assertEquals(1, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.out().contains(a.get(1).archiveId()) && refused.out().contains("REVERIFY"), refused.out());

            // the owner decides the rest; Glacier's inventory catches up after its refresh delay
            x.f.sandbox.setInventoryRefresh(Duration.ofSeconds(3));
            for (int i : new int[] {1, 4}) {
                String id = a.get(i).archiveId();
                x.f.glacier.deleteArchive(r -> r.vaultName(x.vault).archiveId(id));
            }
            FetchFixture.Run stale = x.retire("--delete-vault", "--confirm", "--wait", "60s");
            assertEquals(1, stale.exit(), stale.out());
            assertTrue(stale.out().contains(a.get(4).archiveId()), stale.out());
            Thread.sleep(3500);
            FetchFixture.Run gone = x.retire("--delete-vault", "--confirm", "--wait", "60s");
            assertEquals(0, gone.exit(), gone.out() + gone.err());
            assertTrue(gone.out().contains("deleted"), gone.out());
            assertFalse(x.f.glacier.listVaults().vaultList().stream().anyMatch(v -> v.vaultName().equals(x.vault)));
        }
    }

    @Test
    void duplicatesOfABadCopyStayAndMaxDeletesCaps() throws Exception {
        try (RetireFixture x = new RetireFixture("retire-dups", 3, 0, "50")) {
            x.retrieve(500_000, 7, "dup-a.bin", false);
            x.retrieve(500_000, 7, "dup-b.bin", true); // same content, other name, on SFTP
            x.deliveredAgo(Duration.ofDays(8));
            Files.writeString(x.copies.get(4), "not the archive any more");

            FetchFixture.Run run = x.retire("--confirm", "--max-deletes", "2", "--json");
            assertEquals(0, run.exit(), run.err() + run.out());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
            assertEquals(2, json.path("deleteArchives").asLong(), run.out());
            assertTrue(json.path("manifest").asText().endsWith("-manifest.csv"), run.out());
            java.util.Map<String, String> kinds = new java.util.HashMap<>();
            json.path("archives").forEach(a -> kinds.put(a.path("archiveId").asText(),
                    a.path("state").asText() + "/" + a.path("kind").asText()));
            String dupA = x.archives.get(3).archiveId();
            String dupB = x.archives.get(4).archiveId();
            assertEquals("KEEP/DUPLICATE", kinds.get(dupA), run.out());
            assertEquals("KEEP/REVERIFY", kinds.get(dupB), run.out());
            assertEquals(1, kinds.values().stream().filter("KEEP/MAX_DELETES"::equals).count(), run.out());
            assertEquals(3, x.archivesInVault());
        }
    }

    /** thaw status, GET /retires and the metrics show the deletes (read from the store). */
    private static void progressShows(RetireFixture x, long deleted) throws Exception {
        FetchFixture.Run status = FetchFixture.thaw("status", "--config", x.config.toString(), "--json");
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("\"deletedArchives\" : " + deleted), status.out());
        FetchFixture.Run text = FetchFixture.thaw("status", "--config", x.config.toString());
        assertTrue(text.out().contains("RETIRES") && text.out().contains("deleted " + deleted), text.out());
        try (io.thaw.store.JobStore store = io.thaw.store.JobStore.open(x.storeUrl(), null, null);
             org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            var ex = new org.apache.camel.support.DefaultExchange(camel);
            ex.getMessage().setHeader("vault", x.vault);
            new io.thaw.api.ThawApi(null, store, null).retires(ex);
            assertEquals(200, ex.getMessage().getHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE));
            assertTrue(ex.getMessage().getBody(String.class).contains("\"deletedArchives\" : " + deleted));
            var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            io.thaw.metrics.ThawMetrics.install(registry, store);
            assertEquals(deleted, registry.get("thaw.retire.deleted.archives").gauge().value());
        }
    }

    static Set<String> manifestIds(Path reports) throws Exception {
        try (var s = Files.list(reports)) {
            Set<String> ids = new java.util.HashSet<>();
            for (Path p : s.filter(p -> p.toString().endsWith("-manifest.csv")).toList()) {
                ids.addAll(Files.readAllLines(p).stream().skip(1).map(l -> l.substring(0, l.indexOf(',')))
                        .collect(Collectors.toList()));
            }
            return ids;
        }
    }
}
