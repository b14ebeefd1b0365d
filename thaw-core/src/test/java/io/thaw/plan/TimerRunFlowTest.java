package io.thaw.plan;

import io.thaw.RouteTestSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Eventually;
import io.thaw.setup.LocalWiring;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxLog;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/** A vault in thaw.runs.vaults: its scheduled inventory, once delivered, starts a whole-vault run by itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimerRunFlowTest extends RouteTestSupport {

    static final String VAULT = "nightly";
    static final Path work;
    static final Sandbox sandbox;
    static final Properties props = new Properties();

    static {
        try {
            work = Files.createDirectories(Path.of("target/test-work/timer-run-" + System.nanoTime()));
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                    .withJobDelays("Expedited=200ms,Standard=300ms,Bulk=300ms"));
            LocalWiring.wire(sandbox.endpoint(), sandbox.region(), props);
            Path outbox = work.resolve("outbox");
            routeDefaults(props, work, work.resolve("inbox"), outbox);
            props.setProperty("thaw.inventory.vaults", VAULT);
            props.setProperty("thaw.inventory.schedule", "PT1H");
            props.setProperty("thaw.inventory.tick-ms", "300");
            props.setProperty("thaw.runs.vaults", VAULT);
            props.setProperty("thaw.runs.tier", "Bulk");
            props.setProperty("thaw.runs.report-folder", work.resolve("reports").toString());
            props.setProperty("thaw.pace.tick-ms", "100");
            try (GlacierClient glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                    .region(Region.of(sandbox.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build()) {
                glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
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
                    Path f = Files.write(work.resolve("a" + i), b);
                    new ArchiveUploader(glacier).upload(VAULT, f, "docs/file-" + i + ".txt");
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopSandbox() throws Exception {
        context.stop(); // the test support leaves a PER_CLASS context running: stop its consumers first
        sandbox.close();
    }

    @Override
    protected Properties overrides() {
        return props;
    }

    @Test
    void scheduledInventoryStartsAWholeVaultRunThatDeliversEverything() throws IOException {
        JobStore store = context.getRegistry().lookupByNameAndType("jobStore", JobStore.class);
        Sql sql = new Sql(store.dataSource(), "test");
        Eventually.await("the timer's run done", Duration.ofSeconds(120), () -> sql.list(
                "select run_id from thaw_run where request_file like 'inventory %' and state = 'DONE'",
                rs -> rs.getString(1)).size() == 1);
        String runId = sql.list("select run_id from thaw_run", rs -> rs.getString(1)).get(0);
        RunReport report = RunReport.of(new RunStore(store), new RunItems(store), runId);
        assertEquals(6, report.count("delivered"), report.toString());
        assertEquals("Bulk", report.run().tier());
        List<SandboxLog.JobEntry> archiveJobs = sandbox.log().jobs().stream()
                .filter(j -> j.action().equals("ArchiveRetrieval")).toList();
        assertEquals(5, archiveJobs.size(), "six archives, two with the same content: five jobs");
        assertTrue(archiveJobs.stream().allMatch(j -> "Bulk".equals(j.tier())));
        for (int i = 0; i < 6; i++) {
            assertTrue(Files.isRegularFile(work.resolve("outbox/docs/file-" + i + ".txt")), "file-" + i);
        }
        assertEquals(Files.readString(work.resolve("outbox/docs/file-4.txt"), java.nio.charset.StandardCharsets.ISO_8859_1),
                Files.readString(work.resolve("outbox/docs/file-5.txt"), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
