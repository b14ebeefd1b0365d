package io.thaw.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.SandboxClients;
import io.thaw.glacier.ExistingJobs;
import io.thaw.glacier.JobStarter;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * A crash lost a job's record after its request moved to .done/ (the H2 store of old kept the last
 * half second of commits in memory): the job's notice is matched to that request, and the job is
 * recorded again — the Glacier job ListJobs shows, the request's destination — instead of ignored.
 */
class DoneRequestsTest {

    /** Settings without destinations: every destination in these tests is a folder URI. */
    static final io.thaw.deliver.Destinations NO_DESTINATIONS =
            new io.thaw.deliver.Destinations(io.thaw.ThawConfig.of(key -> null, java.util.Set::of), null);

    @Test
    void aJobLostFromTheStoreIsRecordedAgainFromItsRequestInDone() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/done-requests-" + System.nanoTime())).toAbsolutePath();
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        String destination = "file:" + work.resolve("elsewhere");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox")));
             GlacierClient glacier = SandboxClients.glacier(sandbox);
             JobStore store = JobStore.open("jdbc:h2:file:" + work.resolve("db"), null, null)) {
            glacier.createVault(b -> b.accountId("-").vaultName("v"));
            Path f = work.resolve("a.bin");
            Files.write(f, new byte[5000]);
            String archiveId = new ArchiveUploader(glacier).upload("v", f, "a.bin").archiveId();
            // thaw started this job, then died before its record was durable
            String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName("v").jobParameters(p -> p
                    .type("archive-retrieval").archiveId(archiveId).tier("Expedited"))).jobId();
            Path done = Files.createDirectories(inbox.resolve(".done"));
            Files.writeString(done.resolve("restore.json"), "{\"vault\":\"v\",\"destination\":\"" + destination
                    + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Expedited\"},\"archives\":[\"" + archiveId
                    + "\"]}", StandardCharsets.UTF_8);

            JobClaims claims = new JobClaims(store);
            JobStarter starter = new JobStarter(glacier, store, sandbox.region(), null,
                    new io.thaw.glacier.KnownJobs(store, claims, new ExistingJobs(glacier, Duration.ZERO, Clock.systemUTC()),
                            new io.thaw.glacier.ReadyJobs()));
            io.thaw.plan.RunStore runs = new io.thaw.plan.RunStore(store);
            io.thaw.plan.RunItems items = new io.thaw.plan.RunItems(store);
            io.thaw.plan.VaultRuns vaultRuns = new io.thaw.plan.VaultRuns(runs, items, store, starter, glacier,
                    new io.thaw.plan.RunPlanner(items, new io.thaw.naming.ArchiveNamer(io.thaw.naming.NameOverrides.none()),
                            NO_DESTINATIONS), new io.thaw.plan.RunFinisher(runs, items, work.resolve("reports")),
                    new io.thaw.plan.VaultRuns.Settings(work.resolve("inventories").toString(), List.of(), "Bulk",
                            destination), new io.thaw.plan.Pace(10, 0, 0, Duration.ofSeconds(1)),
                    io.thaw.plan.RateTable.defaults(), Clock.systemUTC());
            RequestHandler handler = new RequestHandler(new RequestPolicy("file:" + work.resolve("outbox"),
                    List.of(destination), Map.of(), "Standard"), starter, store, inbox, vaultRuns);
            DoneRequests doneRequests = new DoneRequests(inbox, handler, store, Duration.ofHours(48));

            assertFalse(doneRequests.adopt("v", "another-archive", "another-job"), "a job of another tool stays foreign");
            assertTrue(doneRequests.adopt("v", archiveId, jobId));
            JobRecord j = store.find(jobId).orElseThrow();
            assertTrue(j.destination().contains("elsewhere"), "the request's destination: " + j.destination());
            assertEquals(archiveId, j.archiveId());
            assertEquals(1, sandbox.log().jobs().stream().filter(x -> archiveId.equals(x.archiveId())).count(),
                    "no second Glacier job");
        }
        io.thaw.TestDirs.delete(work);
    }
}
