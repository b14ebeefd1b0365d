package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;
import software.amazon.awssdk.services.glacier.model.StatusCode;

/** Archive-retrieval jobs: lifecycle, DescribeJob/ListJobs, ranged output and tree-hash headers. */
class SandboxJobsTest {

    static final int MIB = 1 << 20;
    /** 6.5 MiB: the glacier-wire.md §8.3 example archive. */
    static final byte[] DATA = Clients.data(6 * MIB + MIB / 2, 42);
    static Sandbox sandbox;
    static GlacierClient glacier;
    static String archiveId;

    @BeforeAll
    static void start() {
        // Long delays: jobs complete only when a test says so (completeJob), except Expedited.
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Expedited=300ms,Standard=1h,Bulk=1h"));
        glacier = Clients.glacier(sandbox);
        glacier.createVault(b -> b.vaultName("jobs"));
        archiveId = glacier.uploadArchive(b -> b.vaultName("jobs").checksum(TreeHash.of(DATA)).archiveDescription("six and a half"),
                RequestBody.fromBytes(DATA)).archiveId();
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sandbox.close();
    }

    private static String archiveJob(String range, String tier) {
        return glacier.initiateJob(b -> b.vaultName("jobs").jobParameters(p -> p.type("archive-retrieval")
                .archiveId(archiveId).retrievalByteRange(range).tier(tier).description("restore it"))).jobId();
    }

    @Test
    void jobLifecycleAndDescribeJob() throws Exception {
        var init = glacier.initiateJob(b -> b.vaultName("jobs").jobParameters(p -> p.type("archive-retrieval")
                .archiveId(archiveId).description("restore it")));
        String jobId = init.jobId();
        assertEquals(92, jobId.length());
        assertEquals("/123456789012/vaults/jobs/jobs/" + jobId, init.location());

        DescribeJobResponse d = glacier.describeJob(b -> b.vaultName("jobs").jobId(jobId));
        assertEquals(StatusCode.IN_PROGRESS, d.statusCode());
        assertEquals("Operation in progress.", d.statusMessage());
        assertFalse(d.completed());
        assertNull(d.completionDate());
        assertEquals("Standard", d.tier());
        assertEquals("0-" + (DATA.length - 1), d.retrievalByteRange());
        assertEquals((long) DATA.length, d.archiveSizeInBytes());
        assertEquals(TreeHash.of(DATA), d.archiveSHA256TreeHash());

        var notReady = assertThrows(InvalidParameterValueException.class,
                () -> glacier.getJobOutputAsBytes(b -> b.vaultName("jobs").jobId(jobId)));
        assertEquals("The job is not currently available for download: " + jobId, notReady.awsErrorDetails().errorMessage());
        assertEquals(400, notReady.statusCode());

        sandbox.completeJob(jobId);
        d = glacier.describeJob(b -> b.vaultName("jobs").jobId(jobId));
        assertEquals(StatusCode.SUCCEEDED, d.statusCode());
        assertEquals("Succeeded", d.statusMessage());
        assertTrue(d.completed());
        assertNotNull(d.completionDate());
        assertEquals(TreeHash.of(DATA), d.sha256TreeHash());
        assertEquals("restore it", d.jobDescription());
        assertEquals("ArchiveRetrieval", d.actionAsString());
        assertEquals("arn:aws:glacier:us-east-1:123456789012:vaults/jobs", d.vaultARN());

        try (ResponseInputStream<GetJobOutputResponse> out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(jobId))) {
            assertArrayEquals(DATA, Clients.bytes(out));
            GetJobOutputResponse r = out.response();
            assertEquals(200, r.status());
            assertEquals(TreeHash.of(DATA), r.checksum());
            assertEquals("application/octet-stream", r.contentType());
            assertEquals("bytes", r.acceptRanges());
            assertEquals("six and a half", r.archiveDescription());
            assertNull(r.contentRange());
        }
        var log = sandbox.log().jobs().stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElseThrow();
        assertEquals(archiveId, log.archiveId());
        assertNotNull(log.completed());
        assertEquals("ArchiveRetrieval", log.action());
    }

    @Test
    void rangedOutputSendsTreeHashOnlyWhenTreeAligned() throws Exception {
        String jobId = archiveJob(null, "Standard");
        sandbox.completeJob(jobId);
        // [0,2 MiB) aligned, [1,3 MiB) MiB-aligned but not a tree node, [4 MiB,end) aligned, [2 MiB,end) not.
        assertRange(jobId, 0, 2 * MIB - 1, true);
        assertRange(jobId, MIB, 3 * MIB - 1, false);
        assertRange(jobId, 4 * MIB, DATA.length - 1, true);
        assertRange(jobId, 6 * MIB, DATA.length - 1, true);
        assertRange(jobId, 2 * MIB, DATA.length - 1, false);
        assertRange(jobId, 10, 99, false);
        // an open-ended range runs to the end
        try (var out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(jobId).range("bytes=" + (6 * MIB) + "-"))) {
            assertArrayEquals(Arrays.copyOfRange(DATA, 6 * MIB, DATA.length), Clients.bytes(out));
            assertEquals(206, out.response().status());
        }
        var beyond = assertThrows(InvalidParameterValueException.class, () -> glacier.getJobOutputAsBytes(
                b -> b.vaultName("jobs").jobId(jobId).range("bytes=8388608-12582911")));
        assertEquals("The start of the range is larger than size of retrieved data: bytes=8388608-12582911",
                beyond.awsErrorDetails().errorMessage());
        // a syntactically invalid Range is ignored: whole output, 200
        try (var out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(jobId).range("bytes 0-4194303/235812776"))) {
            assertEquals(DATA.length, Clients.bytes(out).length);
            assertEquals(200, out.response().status());
        }
        List<SandboxLog.Served> served = sandbox.log().served().stream().filter(s -> s.jobId().equals(jobId)).toList();
        assertEquals(new SandboxLog.Served(jobId, "bytes=0-2097151", 206), served.get(0));
        assertTrue(served.contains(new SandboxLog.Served(jobId, "bytes=8388608-12582911", 400)));
    }

    private static void assertRange(String jobId, long start, long end, boolean hashed) throws Exception {
        try (var out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(jobId).range("bytes=" + start + "-" + end))) {
            byte[] got = Clients.bytes(out);
            byte[] want = Arrays.copyOfRange(DATA, (int) start, (int) end + 1);
            assertArrayEquals(want, got);
            assertEquals(206, out.response().status());
            assertEquals("bytes " + start + "-" + end + "/" + DATA.length, out.response().contentRange());
            assertEquals(hashed ? TreeHash.of(want) : null, out.response().checksum(), start + "-" + end);
        }
    }

    @Test
    void retrievalByteRangeJobsAreRelativeToTheirRange() throws Exception {
        var bad = assertThrows(InvalidParameterValueException.class, () -> archiveJob("1-1048575", "Standard"));
        assertTrue(bad.awsErrorDetails().errorMessage().startsWith("Invalid RetrievalByteRange: 1-1048575"));
        assertThrows(InvalidParameterValueException.class, () -> archiveJob("0-" + DATA.length, "Standard"));

        String aligned = archiveJob("2097152-4194303", "Bulk");
        String unaligned = archiveJob("1048576-3145727", "Bulk");
        String tail = archiveJob("4194304-" + (DATA.length - 1), "Bulk");
        sandbox.completeJobsNow();
        byte[] part = Arrays.copyOfRange(DATA, 2 * MIB, 4 * MIB);
        var d = glacier.describeJob(b -> b.vaultName("jobs").jobId(aligned));
        assertEquals("2097152-4194303", d.retrievalByteRange());
        assertEquals(TreeHash.of(part), d.sha256TreeHash());
        assertEquals(TreeHash.of(DATA), d.archiveSHA256TreeHash());
        assertEquals("Bulk", d.tier());
        try (var out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(aligned))) {
            assertArrayEquals(part, Clients.bytes(out));
            assertEquals(TreeHash.of(part), out.response().checksum());
        }
        // relative range inside the job's range: [3 MiB, 4 MiB) of the archive, a tree node
        try (var out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(aligned).range("bytes=1048576-2097151"))) {
            byte[] want = Arrays.copyOfRange(DATA, 3 * MIB, 4 * MIB);
            assertArrayEquals(want, Clients.bytes(out));
            assertEquals(TreeHash.of(want), out.response().checksum());
            assertEquals("bytes 1048576-2097151/2097152", out.response().contentRange());
        }
        var u = glacier.describeJob(b -> b.vaultName("jobs").jobId(unaligned));
        assertNull(u.sha256TreeHash());
        try (var out = glacier.getJobOutput(b -> b.vaultName("jobs").jobId(unaligned))) {
            assertArrayEquals(Arrays.copyOfRange(DATA, MIB, 3 * MIB), Clients.bytes(out));
            assertNull(out.response().checksum());
        }
        byte[] tailBytes = Arrays.copyOfRange(DATA, 4 * MIB, DATA.length);
        assertEquals(TreeHash.of(tailBytes), glacier.describeJob(b -> b.vaultName("jobs").jobId(tail)).sha256TreeHash());
    }

    @Test
    void unknownArchivesJobsAndOtherVaultsAreRejected() {
        var e = assertThrows(ResourceNotFoundException.class, () -> glacier.initiateJob(b -> b.vaultName("jobs")
                .jobParameters(p -> p.type("archive-retrieval").archiveId("x".repeat(138)))));
        assertEquals("The archive ID was not found: " + "x".repeat(138), e.awsErrorDetails().errorMessage());
        glacier.createVault(b -> b.vaultName("other"));
        var other = assertThrows(InvalidParameterValueException.class, () -> glacier.initiateJob(b -> b.vaultName("other")
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))));
        assertEquals("Invalid vault name: arn:aws:glacier:us-east-1:123456789012:vaults/other",
                other.awsErrorDetails().errorMessage());
        var job = assertThrows(ResourceNotFoundException.class, () -> glacier.describeJob(b -> b.vaultName("jobs").jobId("nope")));
        assertEquals("The job ID was not found: nope", job.awsErrorDetails().errorMessage());
        var topic = assertThrows(InvalidParameterValueException.class, () -> glacier.initiateJob(b -> b.vaultName("jobs")
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).snsTopic("arn:aws:sns:us-east-1:123456789012:none"))));
        assertTrue(topic.awsErrorDetails().errorMessage().contains("arn:aws:sns:us-east-1:123456789012:none"));
        assertThrows(InvalidParameterValueException.class, () -> glacier.initiateJob(b -> b.vaultName("jobs")
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Fast"))));
        assertThrows(InvalidParameterValueException.class, () -> glacier.initiateJob(b -> b.vaultName("jobs")
                .jobParameters(p -> p.type("select").archiveId(archiveId))));
    }

    @Test
    void listJobsFiltersAndPages() {
        glacier.createVault(b -> b.vaultName("listing"));
        byte[] small = Clients.data(5000, 9);
        String a = glacier.uploadArchive(b -> b.vaultName("listing").checksum(TreeHash.of(small)),
                RequestBody.fromBytes(small)).archiveId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(glacier.initiateJob(b -> b.vaultName("listing").jobParameters(p -> p.type("archive-retrieval")
                    .archiveId(a))).jobId());
        }
        sandbox.completeJob(ids.get(1));
        sandbox.completeJob(ids.get(3));
        List<String> paged = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            var r = glacier.listJobs(b -> b.vaultName("listing").limit("2").marker(m));
            assertTrue(r.jobList().size() <= 2);
            r.jobList().forEach(j -> paged.add(j.jobId()));
            marker = r.marker();
        } while (marker != null);
        assertEquals(ids, paged);
        assertEquals(List.of(ids.get(1), ids.get(3)), glacier.listJobs(b -> b.vaultName("listing").completed("true"))
                .jobList().stream().map(j -> j.jobId()).toList());
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(4)), glacier.listJobs(b -> b.vaultName("listing")
                .statuscode("InProgress")).jobList().stream().map(j -> j.jobId()).toList());
        assertEquals(2, glacier.listJobs(b -> b.vaultName("listing").statuscode("Succeeded").completed("true"))
                .jobList().size());
        var bad = assertThrows(InvalidParameterValueException.class,
                () -> glacier.listJobs(b -> b.vaultName("listing").statuscode("finished")));
        assertEquals("The job status code is not valid: finished", bad.awsErrorDetails().errorMessage());
    }

    @Test
    void expiredOutputAnswers404AndDeletedArchiveFailsTheJob() {
        glacier.createVault(b -> b.vaultName("expiry"));
        byte[] small = Clients.data(5000, 10);
        String a = glacier.uploadArchive(b -> b.vaultName("expiry").checksum(TreeHash.of(small)),
                RequestBody.fromBytes(small)).archiveId();
        String done = glacier.initiateJob(b -> b.vaultName("expiry").jobParameters(p -> p.type("archive-retrieval").archiveId(a))).jobId();
        String failing = glacier.initiateJob(b -> b.vaultName("expiry").jobParameters(p -> p.type("archive-retrieval").archiveId(a))).jobId();
        sandbox.completeJob(done);
        glacier.deleteArchive(b -> b.vaultName("expiry").archiveId(a));
        sandbox.completeJob(failing);
        var f = glacier.describeJob(b -> b.vaultName("expiry").jobId(failing));
        assertEquals(StatusCode.FAILED, f.statusCode());
        assertTrue(f.completed());
        assertThrows(InvalidParameterValueException.class, () -> glacier.getJobOutputAsBytes(b -> b.vaultName("expiry").jobId(failing)));
        // prepared before the delete: still downloadable
        assertArrayEquals(small, glacier.getJobOutputAsBytes(b -> b.vaultName("expiry").jobId(done)).asByteArray());
        sandbox.expireJobOutput(done);
        var gone = assertThrows(ResourceNotFoundException.class,
                () -> glacier.getJobOutputAsBytes(b -> b.vaultName("expiry").jobId(done)));
        assertEquals("The job ID was not found: " + done, gone.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> glacier.describeJob(b -> b.vaultName("expiry").jobId(done)));
        assertFalse(glacier.listJobs(b -> b.vaultName("expiry")).jobList().stream().anyMatch(j -> j.jobId().equals(done)));
    }

    @Test
    void schedulerCompletesAfterTheTierDelay() throws Exception {
        String jobId = archiveJob(null, "Expedited");
        assertFalse(glacier.describeJob(b -> b.vaultName("jobs").jobId(jobId)).completed());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!glacier.describeJob(b -> b.vaultName("jobs").jobId(jobId)).completed()) {
            assertTrue(System.nanoTime() < deadline, "Expedited job not completed within 10 s (delay 300ms)");
            Thread.sleep(50);
        }
        assertEquals("Expedited", glacier.describeJob(b -> b.vaultName("jobs").jobId(jobId)).tier());
        var entry = sandbox.log().jobs().stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElseThrow();
        assertTrue(java.time.Duration.between(entry.initiated(), entry.completed()).toMillis() >= 250);
    }
}
