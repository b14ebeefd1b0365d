package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.ThawConfig;
import io.thaw.glacier.AwsClients;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.SandboxLog;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import io.thaw.store.Sql;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole vault of a few hundred archives retrieved through the real routes: a request file with
 * "select", an inventory fetched in pages of 100 (Limit/Marker followed to the end), archive jobs
 * started at a pace with at most 10 in flight, duplicate contents retrieved once and copied, and a
 * second run that finds everything delivered and starts nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaultRunFlowIT {

    static final Duration WAIT = Duration.ofSeconds(240);
    static final String VAULT = "family-archive";
    static final int DISTINCT = 230;
    static final int SAME_CONTENT = 10;
    static final int SAME_NAME = 5;
    static final int MAX_IN_FLIGHT = 10;

    /** archive id -> tree hash of its bytes, for every archive uploaded. */
    static final Map<String, String> uploaded = new HashMap<>();

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=400ms,Bulk=600ms")
            .timeout(WAIT)
            .set("thaw.notices.visibility-seconds", "30")
            .set("thaw.pace.jobs-per-second", "50")
            .set("thaw.pace.max-in-flight", String.valueOf(MAX_IN_FLIGHT))
            .set("thaw.pace.tick-ms", "100")
            .before(t -> {
                t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
                uploadVault();
            });

    /** Distinct archives, then some with the same bytes under other names, then some reusing a name. */
    static void uploadVault() throws IOException {
        Random random = new Random(6);
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < DISTINCT - SAME_NAME; i++) {
            byte[] b = new byte[200 + random.nextInt(3000)];
            random.nextBytes(b);
            contents.add(b);
            upload(b, "photos/" + (2000 + i % 20) + "/img-" + i + ".jpg");
        }
        for (int i = 0; i < SAME_CONTENT; i++) {
            upload(contents.get(i * 7), "backup-copy/img-" + i + ".jpg");
        }
        for (int i = 0; i < SAME_NAME; i++) {
            byte[] b = new byte[100 + i];
            random.nextBytes(b);
            upload(b, "photos/2000/img-" + (i * 20) + ".jpg"); // the same name as an earlier, different archive
        }
    }

    static void upload(byte[] data, String description) throws IOException {
        Path f = Files.createTempFile(thaw.work(), "archive", ".bin");
        Files.write(f, data);
        ArchiveUploader.Uploaded u = new ArchiveUploader(thaw.glacier()).upload(VAULT, f, description);
        uploaded.put(u.archiveId(), u.treeHash());
        Files.delete(f);
    }

    RunStore runs() {
        return new RunStore(thaw.store());
    }

    RunItems items() {
        return new RunItems(thaw.store());
    }

    /** The test's own look at the tables (what the store classes do not ask). */
    Sql sql() {
        return new Sql(thaw.store().dataSource(), "test");
    }

    @Test
    @Order(0)
    void dryRunPlansAndReportsButStartsNothing() throws Exception {
        drop("preview.json", "{\"vault\":\"" + VAULT + "\",\"select\":{\"all\":true,\"dryRun\":true,"
                + "\"inventory\":\"retrieve\",\"inventoryPageSize\":100}}");
        Run run = awaitRun("preview.json", Run.DRY_RUN);
        RunReport report = RunReport.of(runs(), items(), run.runId());
        assertEquals(DISTINCT, report.count("queued"), report.toString());
        assertEquals(SAME_CONTENT, report.count("copies-pending"), report.toString());
        assertEquals(0, archiveJobs().size(), "a dry run starts no archive job");
        Thread.sleep(1000); // the pacer ticks every 100 ms: give it a chance to (wrongly) start something
        assertEquals(0, archiveJobs().size(), "a dry run starts no archive job");
        assertTrue(Files.exists(thaw.work().resolve("reports/" + run.runId() + ".txt")));
    }

    @Test
    @Order(1)
    void wholeVaultIsDeliveredOncePerContentWithAtMostTenInFlight() throws Exception {
        drop("everything.json", "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Expedited\"},"
                + "\"select\":{\"all\":true,\"inventory\":\"retrieve\",\"inventoryPageSize\":100}}");
        Run run = awaitRun("everything.json", Run.DONE);

        SandboxLog log = thaw.sandbox().log();
        List<String> pages = sql().list("select job_id from thaw_run_page where run_id = ? order by page",
                rs -> rs.getString(1), run.runId());
        assertEquals(3, pages.size(), "240 archives in pages of 100: three inventory jobs, Marker followed");
        assertTrue(log.jobs().stream().filter(j -> j.action().equals("InventoryRetrieval")).map(SandboxLog.JobEntry::jobId)
                .toList().containsAll(pages), "each page is a Glacier inventory job");

        List<SandboxLog.JobEntry> archiveJobs = archiveJobs();
        Set<String> ids = new HashSet<>();
        archiveJobs.forEach(j -> assertTrue(ids.add(j.archiveId()), "archive " + j.archiveId() + " retrieved twice"));
        assertEquals(DISTINCT, archiveJobs.size(), "one job per distinct content; the " + SAME_CONTENT
                + " same-content archives are copies");
        assertTrue(archiveJobs.stream().allMatch(j -> "Expedited".equals(j.tier())), "the run's tier is used");

        assertInFlightNeverAbove(archiveJobs);

        // thaw run's per-archive Glacier calls go over its own signed requests (User-Agent thaw/…), unless
        // something only the SDK client honours is set where this runs (AwsClients.sdkOnlyReason).
        Properties p = thaw.properties();
        String reason = new AwsClients(ThawConfig.of(p::getProperty, p::stringPropertyNames)).sdkOnlyReason();
        String client = reason == null ? "thaw" : "aws-sdk-java";
        for (String call : List.of("InitiateJob", "GetJobOutput")) {
            assertTrue(log.requests(call, client) >= DISTINCT, call + " sent by " + client + ": "
                    + log.requests(call, client) + " of " + log.requests(call) + " (SDK client reason: " + reason + ")");
        }

        RunReport report = RunReport.of(runs(), items(), run.runId());
        assertEquals(uploaded.size(), report.count("delivered"), report.toString());
        assertEquals(0, report.count("failed") + report.count("queued") + report.count("skipped"), report.toString());
        assertEquals(0, report.count("copies-pending"), report.toString());
        assertTrue(Files.readString(thaw.work().resolve("reports/" + run.runId() + ".txt")).contains("delivered"));
        RunReport preview = RunReport.of(runs(), items(), sql().list("select run_id from thaw_run where request_file ="
                + " 'preview.json'", rs -> rs.getString(1)).get(0));
        assertEquals(SAME_CONTENT, preview.count("copies-pending"), "a dry run's copies are never written: " + preview);

        // Every archive is a file of its own with its own bytes; same-name archives got distinct names.
        Map<String, Path> files = deliveredFiles(run);
        assertEquals(uploaded.size(), files.size());
        assertEquals(uploaded.size(), new HashSet<>(files.values()).size(), "no two archives share a file");
        for (Map.Entry<String, Path> e : files.entrySet()) {
            assertTrue(e.getValue().startsWith(thaw.outbox()), "inside the destination: " + e.getValue());
            assertEquals(uploaded.get(e.getKey()), TreeHash.of(e.getValue()), "bytes of " + e.getKey());
        }
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            assertEquals(uploaded.size(), s.filter(Files::isRegularFile).count(), "no partial or extra files");
        }
    }

    @Test
    @Order(2)
    void secondRunFindsEverythingDeliveredAndStartsNothing() throws Exception {
        long archiveJobsBefore = archiveJobs().size();
        drop("again.json", "{\"vault\":\"" + VAULT + "\",\"select\":{\"all\":true,\"inventory\":\"retrieve\","
                + "\"inventoryPageSize\":150}}");
        Run run = awaitRun("again.json", Run.DONE);
        RunReport report = RunReport.of(runs(), items(), run.runId());
        assertEquals(uploaded.size(), report.count("skipped"), report.toString());
        assertEquals(0, report.count("delivered") + report.count("requested") + report.count("failed"), report.toString());
        assertEquals(archiveJobsBefore, archiveJobs().size(), "no archive job started again");
    }

    /**
     * Budgets through the routes, on a vault of its own: Expedited costs 0.01 per job here, so a
     * "maxCost" of 0.025 pays for two jobs, then the run stops with the reason in its report (the two
     * started are still delivered); a "maxCost" below one archive's cost is refused when planned.
     */
    @Test
    @Order(3)
    void aBudgetStopsARunAndAnImpossibleOneIsRefused() throws Exception {
        String vault = "budget-vault";
        thaw.glacier().createVault(b -> b.accountId("-").vaultName(vault));
        Random random = new Random(15);
        for (int i = 0; i < 5; i++) {
            byte[] b = new byte[300 + i];
            random.nextBytes(b);
            Path f = Files.createTempFile(thaw.work(), "budget", ".bin");
            Files.write(f, b);
            new ArchiveUploader(thaw.glacier()).upload(vault, f, "budget/file-" + i + ".bin");
            Files.delete(f);
        }
        drop("budget.json", "{\"vault\":\"" + vault + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":"
                + "\"Expedited\"},\"select\":{\"all\":true,\"inventory\":\"retrieve\",\"maxCost\":0.025}}");
        Run run = awaitRun("budget.json", Run.STOPPED);
        assertTrue(run.reason().startsWith("budget reached: 2 jobs started cost about 0.02 USD (Expedited rates"),
                run.reason());
        assertTrue(run.reason().contains("3 archives") && run.reason().contains("raise \"maxCost\""), run.reason());
        assertEquals(2, thaw.sandbox().log().jobs().stream().filter(j -> j.vault().equals(vault)
                && j.action().equals("ArchiveRetrieval")).count(), "two jobs, within the budget");
        assertEquals(3, items().count(run.runId(), RunItem.QUEUED), "the rest stays queued, nothing lost");
        // the report is written just after the run's state changes
        Path report = thaw.work().resolve("reports/" + run.runId() + ".txt");
        thaw.await("report of " + run.runId(), () -> Files.exists(report));
        assertTrue(Files.readString(report).contains("budget reached"));

        drop("too-poor.json", "{\"vault\":\"" + vault + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":"
                + "\"Expedited\"},\"select\":{\"all\":true,\"inventory\":\"retrieve\",\"maxCost\":0.001}}");
        Run refused = awaitRun("too-poor.json", Run.STOPPED);
        assertTrue(refused.reason().startsWith("refused: the budget of 0.001 USD"), refused.reason());
        assertTrue(refused.reason().contains("below the Expedited cost of even the smallest archive"), refused.reason());
        assertEquals(2, thaw.sandbox().log().jobs().stream().filter(j -> j.vault().equals(vault)
                && j.action().equals("ArchiveRetrieval")).count(), "the refused run started nothing");
    }

    /** In flight at an instant: Glacier had the job (initiated) and thaw had not yet delivered it. */
    void assertInFlightNeverAbove(List<SandboxLog.JobEntry> archiveJobs) {
        Map<String, Instant> delivered = new HashMap<>();
        for (JobRecord j : thaw.store().list(VAULT)) {
            delivered.put(j.jobId(), j.deliveredAt() != null ? j.deliveredAt() : j.updatedAt());
        }
        int worst = 0;
        for (SandboxLog.JobEntry at : archiveJobs) {
            Instant t = at.initiated();
            int inFlight = (int) archiveJobs.stream().filter(j -> !j.initiated().isAfter(t)
                    && delivered.get(j.jobId()).isAfter(t)).count();
            worst = Math.max(worst, inFlight);
        }
        assertTrue(worst <= MAX_IN_FLIGHT, "in flight reached " + worst);
        assertTrue(worst >= MAX_IN_FLIGHT / 2, "the cap was actually used (" + worst + "): the test would see a breach");
    }

    List<SandboxLog.JobEntry> archiveJobs() {
        return thaw.sandbox().log().jobs().stream().filter(j -> j.vault().equals(VAULT) && j.action().equals("ArchiveRetrieval"))
                .toList();
    }

    Map<String, Path> deliveredFiles(Run run) {
        Map<String, Path> files = new HashMap<>();
        sql().list("select i.archive_id, coalesce(i.delivered_to, j.delivered_to) from thaw_run_item i left join"
                + " thaw_job j on j.job_id = i.job_id where i.run_id = ?", rs -> files.put(rs.getString(1),
                Path.of(java.net.URI.create(rs.getString(2)))), run.runId());
        return files;
    }

    Run awaitRun(String requestFile, String state) {
        thaw.await("run of " + requestFile + " " + state, () -> sql().list(
                "select run_id from thaw_run where request_file = ? and state = ?", rs -> rs.getString(1), requestFile,
                state).size() == 1);
        String id = sql().list("select run_id from thaw_run where request_file = ?", rs -> rs.getString(1),
                requestFile).get(0);
        return runs().run(id).orElseThrow();
    }

    void drop(String relative, String content) throws IOException {
        thaw.drop(relative, content);
    }
}
