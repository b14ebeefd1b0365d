package io.thaw.camel.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.FileChunkLog;
import io.thaw.glacier.GlacierReads;
import io.thaw.glacier.HttpGlacierReads;
import io.thaw.glacier.SignedHttp;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Faults;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.glacier.model.DeleteArchiveResponse;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;
import software.amazon.awssdk.services.glacier.model.InitiateJobResponse;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/** Each producer operation against the sandbox. */
class GlacierProducerTest extends SandboxTestSupport {

    private static final int MIB = 1 << 20;

    private String uri(String vault, String options) {
        return "glacier:" + vault + "?" + common() + (options.isEmpty() ? "" : "&" + options);
    }

    private long faults(Faults.Kind... kinds) {
        long n = 0;
        for (Faults.Kind k : kinds) {
            n += sandbox.log().faults(k);
        }
        return n;
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.request(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    @Test
    void listVaultsNamesEveryVault() throws Exception {
        archive("lv-a", 100);
        archive("lv-b", 100);
        List<?> vaults = template.requestBody(uri("any", "operation=listVaults"), null, List.class);
        List<String> names = vaults.stream().map(v -> ((DescribeVaultOutput) v).vaultName()).toList();
        assertTrue(names.containsAll(List.of("lv-a", "lv-b")), names.toString());
    }

    @Test
    void initiateJobFromHeadersThenDescribeAndListIt() throws Exception {
        Archive a = archive("ij", 3000);
        Exchange started = send(uri("ij", "operation=initiateJob&tier=Expedited"), null,
                Map.of(GlacierConstants.ARCHIVE_ID, a.id(), GlacierConstants.JOB_DESCRIPTION, "restore ij"));
        assertInstanceOf(InitiateJobResponse.class, started.getMessage().getBody());
        String jobId = started.getMessage().getHeader(GlacierConstants.JOB_ID, String.class);
        assertNotNull(jobId);
        assertEquals("ArchiveRetrieval", started.getMessage().getHeader(GlacierConstants.JOB_ACTION));

        await("job done", () -> "Succeeded".equals(send(uri("ij", "operation=describeJob"), null,
                Map.of(GlacierConstants.JOB_ID, jobId)).getMessage().getHeader(GlacierConstants.STATUS_CODE)));
        Exchange described = send(uri("ij", ""), null, Map.of(GlacierConstants.OPERATION, "describeJob",
                GlacierConstants.JOB_ID, jobId));
        DescribeJobResponse d = described.getMessage().getBody(DescribeJobResponse.class);
        assertEquals(a.id(), d.archiveId());
        assertEquals("restore ij", described.getMessage().getHeader(GlacierConstants.JOB_DESCRIPTION));
        assertEquals(Boolean.TRUE, described.getMessage().getHeader(GlacierConstants.COMPLETED));

        List<?> jobs = template.requestBody(uri("ij", "operation=listJobs"), null, List.class);
        assertTrue(jobs.stream().anyMatch(j -> ((GlacierJobDescription) j).jobId().equals(jobId)));
    }

    @Test
    void initiateJobTakesTheCliJobParametersJson() throws Exception {
        archive("cli", 10);
        Exchange e = send(uri("cli", "operation=initiateJob"),
                "{\"Type\": \"inventory-retrieval\", \"Format\": \"CSV\", \"Description\": \"from the CLI\"}", Map.of());
        String jobId = e.getMessage().getHeader(GlacierConstants.JOB_ID, String.class);
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId("-").vaultName("cli").jobId(jobId));
        assertEquals("InventoryRetrieval", d.actionAsString());
        assertEquals("CSV", d.inventoryRetrievalParameters().format());
        assertEquals("from the CLI", d.jobDescription());

        CamelExecutionException bad = assertThrows(CamelExecutionException.class, () -> template.requestBody(
                uri("cli", "operation=initiateJob"), "{\"Type\": \"archive-retrieval\", \"ArchivId\": \"x\"}"));
        assertTrue(bad.getCause().getMessage().contains("unknown key(s) [ArchivId]"), bad.getCause().getMessage());
    }

    @Test
    void getJobOutputVerifiesEveryChunkInParallelIntoTheStagingFolder() throws Exception {
        Archive a = archive("out", 5 * MIB + 123);
        String jobId = finishedJob(a, null);
        Exchange e = send(uri("out", "operation=getJobOutput&chunkSizeMib=1&parallelDownloads=4"), null,
                Map.of(GlacierConstants.JOB_ID, jobId));
        File f = e.getMessage().getBody(File.class);
        assertArrayEquals(a.bytes(), Files.readAllBytes(f.toPath()));
        assertEquals(a.treeHash(), e.getMessage().getHeader(GlacierConstants.TREE_HASH));
        assertEquals((long) a.bytes().length, e.getMessage().getHeader(GlacierConstants.CONTENT_LENGTH));
        assertEquals(6, e.getMessage().getHeader(GlacierConstants.CHUNKS_FETCHED));
        assertEquals("photos/out.bin", e.getMessage().getHeader(GlacierConstants.ARCHIVE_DESCRIPTION));
    }

    /** directIo (thaw.download.direct-io) reaches the download, on by default; either way the same bytes. */
    @Test
    void directIoIsAnOptionAndEitherWayTheVerifiedBytesArrive() throws Exception {
        Archive a = archive("dio", 3 * MIB + 77);
        assertTrue(context.getEndpoint(uri("dio", "operation=getJobOutput"), GlacierEndpoint.class).downloadSettings()
                .directIo(), "on by default");
        for (boolean direct : List.of(true, false)) {
            String u = uri("dio", "operation=getJobOutput&chunkSizeMib=1&directIo=" + direct);
            assertEquals(direct, context.getEndpoint(u, GlacierEndpoint.class).downloadSettings().directIo());
            Exchange e = send(u, null, Map.of(GlacierConstants.JOB_ID, finishedJob(a, null)));
            assertArrayEquals(a.bytes(), Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
            assertEquals(4, e.getMessage().getHeader(GlacierConstants.CHUNKS_FETCHED), "directIo=" + direct);
        }
    }

    @Test
    void getJobOutputStreamsIntoAnOutputStreamOrMovesToAFile() throws Exception {
        Archive a = archive("os", 2 * MIB + 5);
        String jobId = finishedJob(a, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        send(uri("os", "operation=getJobOutput&chunkSizeMib=1"), out, Map.of(GlacierConstants.JOB_ID, jobId));
        assertArrayEquals(a.bytes(), out.toByteArray());

        Path target = work.resolve("delivered/os.bin");
        Exchange e = send(uri("os", "operation=getJobOutput"), null, Map.of(GlacierConstants.JOB_ID, jobId,
                GlacierConstants.OUTPUT_FILE, target.toString()));
        assertEquals(target.toFile(), e.getMessage().getBody(File.class));
        assertArrayEquals(a.bytes(), Files.readAllBytes(target));
    }

    @Test
    void getJobOutputOfARangeIsVerifiedAgainstGlacierHashOfThatRange() throws Exception {
        Archive a = archive("rng", 3 * MIB + 17);
        String jobId = finishedJob(a, null);
        Exchange e = send(uri("rng", "operation=getJobOutput"), null, Map.of(GlacierConstants.JOB_ID, jobId,
                GlacierConstants.RANGE, "1048576-2097151"));
        byte[] want = Arrays.copyOfRange(a.bytes(), MIB, 2 * MIB);
        assertArrayEquals(want, Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        assertEquals(TreeHash.of(want), e.getMessage().getHeader(GlacierConstants.TREE_HASH));

        Exchange unaligned = send(uri("rng", "operation=getJobOutput"), null, Map.of(GlacierConstants.JOB_ID, jobId,
                GlacierConstants.RANGE, "5-100"));
        assertTrue(unaligned.getException().getMessage().contains("cannot be verified"),
                unaligned.getException().getMessage());
    }

    @Test
    void getJobOutputWithTheNoticesFactsAsksNoDescribeJobAndStagesWhereTold() throws Exception {
        Archive a = archive("known", 3 * MIB + 1);
        String jobId = finishedJob(a, null);
        Path own = work.resolve("known-staging");
        long describes = sandbox.log().requests("DescribeJob");
        // the route clears the records itself once the output is safe elsewhere (keepChunkRecords)
        // common() names stagingDirectory too (a second one would make Camel pass both as a list)
        Exchange e = send(uri("*", "operation=getJobOutput&chunkSizeMib=1&keepChunkRecords=true"), null,
                Map.of(GlacierConstants.VAULT_NAME, "known", GlacierConstants.JOB_ID,
                jobId, GlacierConstants.OUTPUT_SIZE, (long) a.bytes().length, GlacierConstants.OUTPUT_TREE_HASH,
                a.treeHash(), GlacierConstants.STAGING_DIRECTORY, own));
        assertEquals(describes, sandbox.log().requests("DescribeJob"), "the headers told what DescribeJob would");
        assertEquals(own.resolve(jobId + ".part").toFile(), e.getMessage().getBody(File.class));
        assertArrayEquals(a.bytes(), Files.readAllBytes(own.resolve(jobId + ".part")));
        assertFalse(Files.exists(work.resolve("staging").resolve(jobId + ".part")), "not in the endpoint's folder");
        assertEquals(4, new FileChunkLog(own).chunks(jobId).size(), "the chunk records were kept beside the output");

        // a wrong fact fails the download: never an unverified body
        Exchange wrong = send(uri("*", "operation=getJobOutput&chunkSizeMib=1"), null, Map.of(
                GlacierConstants.VAULT_NAME, "known", GlacierConstants.JOB_ID, jobId, GlacierConstants.OUTPUT_SIZE,
                (long) a.bytes().length, GlacierConstants.OUTPUT_TREE_HASH, "0".repeat(64)));
        assertNotNull(wrong.getException());
        assertTrue(wrong.getException().getMessage().contains("not the job's"), wrong.getException().getMessage());
        assertFalse(wrong.getMessage().getBody() instanceof File);
    }

    /**
     * glacierReads carries getJobOutput's calls (thaw binds HttpGlacierReads: signed GETs on the JDK's HTTP
     * client): every DescribeJob, range probe and chunk goes through it, none through the SDK client.
     */
    @Test
    void getJobOutputReadsThroughTheGlacierReadsOption() throws Exception {
        Archive a = archive("reads", 3 * MIB + 9);
        String jobId = finishedJob(a, null);
        java.util.concurrent.atomic.AtomicInteger describes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger outputs = new java.util.concurrent.atomic.AtomicInteger();
        GlacierReads http = new HttpGlacierReads(new SignedHttp(sandbox.endpoint(), sandbox.region(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), 8));
        context.getRegistry().bind("countedReads", new GlacierReads() {
            @Override
            public DescribedJob describeJob(String account, String vault, String job) {
                describes.incrementAndGet();
                return http.describeJob(account, vault, job);
            }

            @Override
            public Output getJobOutput(String account, String vault, String job, String range) {
                outputs.incrementAndGet();
                return http.getJobOutput(account, vault, job, range);
            }
        });
        long sdkCalls = sandbox.log().requests("DescribeJob") + sandbox.log().requests("GetJobOutput");
        Exchange e = send(uri("reads", "operation=getJobOutput&chunkSizeMib=1&glacierReads=#countedReads"), null,
                Map.of(GlacierConstants.JOB_ID, jobId));
        assertArrayEquals(a.bytes(), Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        assertEquals(1, describes.get(), "DescribeJob through glacierReads");
        assertEquals(4, outputs.get(), "each of the 4 chunks through glacierReads");

        Exchange part = send(uri("reads", "operation=getJobOutput&glacierReads=#countedReads"), null,
                Map.of(GlacierConstants.JOB_ID, jobId, GlacierConstants.RANGE, "1048576-2097151"));
        assertArrayEquals(Arrays.copyOfRange(a.bytes(), MIB, 2 * MIB),
                Files.readAllBytes(part.getMessage().getBody(File.class).toPath()));
        assertEquals(2, describes.get());
        assertEquals(6, outputs.get(), "the range's tree-hash probe and its one chunk");
        assertEquals(sdkCalls + 8, sandbox.log().requests("DescribeJob") + sandbox.log().requests("GetJobOutput"),
                "the sandbox saw exactly those calls: none went through the SDK client as well");
    }

    @Test
    void getJobOutputResumesFromTheChunkLog() throws Exception {
        Archive a = archive("resume", 3 * MIB);
        String jobId = finishedJob(a, null);
        // An earlier attempt verified chunk 1 and then died: its bytes are in the part file, its record in the log.
        Path staging = work.resolve("resume-staging");
        Files.createDirectories(staging);
        byte[] part = new byte[3 * MIB];
        System.arraycopy(a.bytes(), MIB, part, MIB, MIB);
        Files.write(staging.resolve(jobId + ".part"), part);
        new FileChunkLog(staging).saveChunk(jobId, 1, MIB, TreeHash.of(Arrays.copyOfRange(a.bytes(), MIB, 2 * MIB)));

        Exchange e = send("glacier:resume?operation=getJobOutput&chunkSizeMib=1&region=us-east-1&stagingDirectory="
                + staging, null, Map.of(GlacierConstants.JOB_ID, jobId));
        assertArrayEquals(a.bytes(), Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        assertEquals(1, e.getMessage().getHeader(GlacierConstants.CHUNKS_REUSED));
        assertEquals(2, e.getMessage().getHeader(GlacierConstants.CHUNKS_FETCHED));
        assertTrue(new FileChunkLog(staging).chunks(jobId).isEmpty(), "records dropped once the output is verified");
        // the reused chunk was re-hashed from the file too: the whole staged file is sealed as verified
        io.thaw.glacier.FileSeal seal = e.getMessage().getHeader(GlacierConstants.FILE_SEAL, io.thaw.glacier.FileSeal.class);
        assertNotNull(seal, "a multi-chunk staged body carries its seal");
        assertTrue(seal.matches(e.getMessage().getBody(File.class).toPath()));
    }

    @Test
    void deleteArchiveNeedsAllowDelete() throws Exception {
        Archive a = archive("del", 100);
        Exchange refused = send(uri("del", "operation=deleteArchive"), null, Map.of(GlacierConstants.ARCHIVE_ID, a.id()));
        assertTrue(refused.getException().getMessage().contains("allowDelete=true"), refused.getException().getMessage());
        Exchange done = send(uri("del", "operation=deleteArchive&allowDelete=true"), null,
                Map.of(GlacierConstants.ARCHIVE_ID, a.id()));
        assertInstanceOf(DeleteArchiveResponse.class, done.getMessage().getBody());
        assertThrows(ResourceNotFoundException.class, () -> glacier.initiateJob(b -> b.accountId("-").vaultName("del")
                .jobParameters(p -> p.type("archive-retrieval").archiveId(a.id()))));
    }

    @Test
    void operationsGetThroughThrottlingAnd500s() throws Exception {
        Archive a = archive("throttled", 4 * MIB + 1);
        String jobId = finishedJob(a, null);
        long throttled = faults(Faults.Kind.THROTTLE, Faults.Kind.ERROR500);
        sandbox.setFaults(new Faults(0.3, 0.2, 0, 0, 7));
        Exchange d = send(uri("throttled", "operation=describeJob"), null, Map.of(GlacierConstants.JOB_ID, jobId));
        assertEquals("Succeeded", d.getMessage().getHeader(GlacierConstants.STATUS_CODE));
        // Job ids are random, so whether five requests meet a fault is chance (one run in 30 met none):
        // fetch (again) until one did, checking every delivered body.
        int fetches = 0;
        do {
            Exchange e = send(uri("throttled", "operation=getJobOutput&chunkSizeMib=1&maxAttempts=10"), null,
                    Map.of(GlacierConstants.JOB_ID, jobId));
            assertArrayEquals(a.bytes(), Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        } while (++fetches < 20 && faults(Faults.Kind.THROTTLE, Faults.Kind.ERROR500) == throttled);
        assertTrue(faults(Faults.Kind.THROTTLE, Faults.Kind.ERROR500) > throttled, "the sandbox did throttle");
    }

    @Test
    void corruptChunksAreFetchedAgainAndNeverDelivered() throws Exception {
        Archive a = archive("corrupt", 4 * MIB);
        String jobId = finishedJob(a, null);
        long corrupted = faults(Faults.Kind.CORRUPT, Faults.Kind.TRUNCATE);
        sandbox.setFaults(new Faults(0, 0, 0.1, 0.15, 11));
        // Job ids are random, so whether four chunks meet a fault is chance (one run in 16 at 50 %, which
        // failed CI): fetch again until one did, at most 20 times (all clean: 1e-10), checking every body.
        for (int fetch = 0; fetch < 20 && faults(Faults.Kind.CORRUPT, Faults.Kind.TRUNCATE) == corrupted; fetch++) {
            Exchange ok = send(uri("corrupt", "operation=getJobOutput&chunkSizeMib=1&maxAttempts=12"), null,
                    Map.of(GlacierConstants.JOB_ID, jobId));
            assertArrayEquals(a.bytes(), Files.readAllBytes(ok.getMessage().getBody(File.class).toPath()));
        }
        assertTrue(faults(Faults.Kind.CORRUPT, Faults.Kind.TRUNCATE) > corrupted, "the sandbox did corrupt or cut bodies");

        sandbox.setFaults(new Faults(0, 0, 0, 1.0, 11));
        Path target = work.resolve("delivered/corrupt.bin");
        Exchange bad = send(uri("corrupt", "operation=getJobOutput&chunkSizeMib=1&maxAttempts=2"), null,
                Map.of(GlacierConstants.JOB_ID, jobId, GlacierConstants.OUTPUT_FILE, target.toString()));
        assertNotNull(bad.getException());
        assertTrue(bad.getException().getMessage().contains("failed 2 times"), bad.getException().getMessage());
        assertFalse(Files.exists(target), "nothing under the final name");
        assertFalse(bad.getMessage().getBody() instanceof File, "no unverified body");
    }

    @Test
    void missingOperationOrJobIdSaysWhatToSet() {
        Exchange e = send(uri("x", ""), null, Map.of());
        assertTrue(e.getException().getMessage().contains("CamelGlacierOperation"), e.getException().getMessage());
        Exchange j = send(uri("x", "operation=getJobOutput"), null, Map.of());
        assertTrue(j.getException().getMessage().contains("CamelGlacierJobId"), j.getException().getMessage());
    }
}
