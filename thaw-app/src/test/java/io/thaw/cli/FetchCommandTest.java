package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code thaw fetch} in-process against the sandbox: whole outputs, ranges, and the errors a user meets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FetchCommandTest {

    static final long SIZE = 9L * 1024 * 1024 + 12345; // 10 leaves, the last one short

    FetchFixture fx;
    FetchFixture.Archive archive;
    Path config;

    @BeforeAll
    void start() throws Exception {
        fx = new FetchFixture("Expedited=1h,Standard=1h,Bulk=1h");
        archive = fx.upload("photos", SIZE, 7, "holiday/beach.jpg");
        config = fx.config("cmd", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void wholeOutputIntoAFolderIsNamedFromTheDescriptionAndRecordedDelivered() throws Exception {
        String job = fx.completedJob(archive, null);
        Path dir = Files.createDirectories(fx.work.resolve("into-folder"));

        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id=" + job, "--to", dir.toString(),
                "--config", config.toString());

        assertEquals(0, r.exit(), r.err());
        Path landed = dir.resolve("holiday/beach.jpg");
        assertEquals(archive.treeHash(), TreeHash.of(landed));
        assertEquals(-1, Files.mismatch(archive.original(), landed));
        assertTrue(r.out().contains("verified " + SIZE + " bytes (tree hash " + archive.treeHash() + ")"), r.out());
        try (JobStore store = openStore()) {
            JobRecord rec = store.find(job).orElseThrow();
            assertEquals(JobState.DELIVERED, rec.state());
            assertEquals(SIZE, rec.bytesDone());
            assertTrue(store.chunks(job).isEmpty(), "chunk records are cleared after delivery");
        }
        // downloaded in the folder's own staging folder (delivery renamed it), removed once empty
        assertFalse(Files.exists(dir.resolve(".thaw-staging")), "staging is removed after delivery");
        assertFalse(Files.exists(fx.work.resolve("cmd-staging")), "thaw.staging is not used for a folder");
    }

    @Test
    void exactFilePathIsWrittenUnderThatName() throws Exception {
        String job = fx.completedJob(archive, null);
        Path file = fx.work.resolve("exact/out.bin");

        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id=" + job, "--to", file.toString(),
                "--config", config.toString(), "--quiet");

        assertEquals(0, r.exit(), r.err());
        assertEquals(-1, Files.mismatch(archive.original(), file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temporary file is left next to it");
        }
    }

    @Test
    void alignedRangeIsVerifiedAndDeliveredAndLeavesTheJobUndelivered() throws Exception {
        String job = fx.completedJob(archive, null);
        Path file = fx.work.resolve("range/part.bin");

        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id=" + job, "--to", file.toString(),
                "--range", "bytes=4194304-8388607", "--config", config.toString());

        assertEquals(0, r.exit(), r.err());
        byte[] all = Files.readAllBytes(archive.original());
        assertEquals(TreeHash.of(java.util.Arrays.copyOfRange(all, 4194304, 8388608)), TreeHash.of(file));
        assertEquals(4194304, Files.size(file));
        try (JobStore store = openStore()) {
            assertEquals(JobState.STAGED, store.find(job).orElseThrow().state());
        }
    }

    @Test
    void tailRangeOfARangeJobUsesOffsetsOfTheJobOutput() throws Exception {
        // The job retrieved MiB 8 to the end (1 MiB + 12345 bytes); its last leaf is a tree node of its own.
        String job = fx.completedJob(archive, (8L << 20) + "-" + (SIZE - 1));
        Path file = fx.work.resolve("tail/part.bin");

        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id=" + job, "--to", file.toString(),
                "--range", (1L << 20) + "-" + (SIZE - (8L << 20) - 1), "--config", config.toString());

        assertEquals(0, r.exit(), r.err());
        byte[] all = Files.readAllBytes(archive.original());
        assertEquals(TreeHash.of(java.util.Arrays.copyOfRange(all, 9 << 20, (int) SIZE)), TreeHash.of(file));
    }

    @Test
    void unalignedRangeIsRefusedWithTheRangeThatWouldWork() throws Exception {
        String job = fx.completedJob(archive, null);

        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id=" + job, "--to",
                fx.work.resolve("never.bin").toString(), "--range", "1048576-3145727", "--config", config.toString());

        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cannot be verified"), r.err());
        assertTrue(r.err().contains("smallest such range holding yours is 0-4194303"), r.err());
        assertFalse(Files.exists(fx.work.resolve("never.bin")));
    }

    @Test
    void unknownJobFailsNamingVaultJobAndRegion() {
        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id", "NOSUCHJOB", "--to",
                fx.work.resolve("x").toString(), "--config", config.toString());

        assertEquals(1, r.exit());
        assertTrue(r.err().contains("job NOSUCHJOB not found in vault 'photos' (us-east-1)"), r.err());
        assertTrue(r.err().contains("thaw.aws.region"), r.err());
    }

    @Test
    void runningJobExitsWithTryAgainLater() {
        String job = fx.startJob(archive, null, "Standard");

        FetchFixture.Run r = FetchFixture.thaw("fetch", "--vault", "photos", "--job-id=" + job, "--to",
                fx.work.resolve("y").toString(), "--config", config.toString());

        assertEquals(75, r.exit());
        assertTrue(r.err().contains("is still InProgress"), r.err());
        assertTrue(r.err().contains("try again later"), r.err());
    }

    private JobStore openStore() {
        return JobStore.open("jdbc:h2:file:" + fx.work.resolve("cmd-db") + ";AUTO_SERVER=TRUE", null, null);
    }
}
