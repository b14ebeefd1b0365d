package io.thaw.plan;

import io.thaw.store.Sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.SandboxLog;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A vault in thaw.runs.vaults: its scheduled inventory, once delivered, starts a whole-vault run by itself. */
class TimerRunFlowIT {

    static final String VAULT = "nightly";

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=300ms,Bulk=300ms")
            .set("thaw.inventory.vaults", VAULT)
            .set("thaw.inventory.schedule", "PT1H")
            .set("thaw.inventory.tick-ms", "300")
            .set("thaw.runs.vaults", VAULT)
            .set("thaw.runs.tier", "Bulk")
            .set("thaw.pace.tick-ms", "100")
            .before(t -> {
                t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
                Random r = new Random(8);
                byte[] shared = new byte[500];
                r.nextBytes(shared);
                for (int i = 0; i < 6; i++) {
                    byte[] b = i == 5 ? shared : new byte[300 + i];
                    if (i < 4) {
                        r.nextBytes(b);
                    }
                    if (i == 4) {
                        b = shared;
                    }
                    t.upload(VAULT, b, "docs/file-" + i + ".txt");
                }
            });

    @Test
    void scheduledInventoryStartsAWholeVaultRunThatDeliversEverything() throws IOException {
        Sql sql = new Sql(thaw.store().dataSource(), "test");
        thaw.await("the timer's run done", Duration.ofSeconds(120), () -> sql.list(
                "select run_id from thaw_run where request_file like 'inventory %' and state = 'DONE'",
                rs -> rs.getString(1)).size() == 1);
        String runId = sql.list("select run_id from thaw_run", rs -> rs.getString(1)).get(0);
        RunReport report = RunReport.of(new RunStore(thaw.store()), new RunItems(thaw.store()), runId);
        assertEquals(6, report.count("delivered"), report.toString());
        assertEquals("Bulk", report.run().tier());
        List<SandboxLog.JobEntry> archiveJobs = thaw.sandbox().log().jobs().stream()
                .filter(j -> j.action().equals("ArchiveRetrieval")).toList();
        assertEquals(5, archiveJobs.size(), "six archives, two with the same content: five jobs");
        assertTrue(archiveJobs.stream().allMatch(j -> "Bulk".equals(j.tier())));
        for (int i = 0; i < 6; i++) {
            assertTrue(Files.isRegularFile(thaw.outbox().resolve("docs/file-" + i + ".txt")), "file-" + i);
        }
        assertEquals(Files.readString(thaw.outbox().resolve("docs/file-4.txt"), java.nio.charset.StandardCharsets.ISO_8859_1),
                Files.readString(thaw.outbox().resolve("docs/file-5.txt"), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
