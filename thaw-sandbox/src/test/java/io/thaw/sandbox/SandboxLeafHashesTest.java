package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Ranged GetJobOutput answers x-amz-sha256-tree-hash from the leaf hashes cached at upload (LeafHashes),
 * for archives uploaded whole and in multipart parts. To prove the cache is what answers, the archive's
 * bytes on disk are overwritten after the upload: the served bytes change but the header still carries
 * the hash of the uploaded bytes (as real Glacier's stored hashes would).
 */
class SandboxLeafHashesTest {

    static final int MIB = 1 << 20;
    /** 11 MiB + 5 bytes: 12 leaves, the last one short, so right-edge nodes are partial subtrees. */
    static final byte[] DATA = Clients.data(11 * MIB + 5, 7);
    static Sandbox sandbox;
    static GlacierClient glacier;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Expedited=300ms,Standard=1h,Bulk=1h"));
        glacier = Clients.glacier(sandbox);
        glacier.createVault(b -> b.vaultName("leaves"));
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sandbox.close();
    }

    @Test
    void wholeUploadRangesAreHashedFromCachedLeaves() throws Exception {
        String id = glacier.uploadArchive(b -> b.vaultName("leaves").checksum(TreeHash.of(DATA)),
                RequestBody.fromBytes(DATA)).archiveId();
        checkRanges(id);
    }

    @Test
    void multipartRangesAreHashedFromCachedLeaves() throws Exception {
        long part = 2 * MIB;
        String upload = glacier.initiateMultipartUpload(b -> b.vaultName("leaves").partSize(String.valueOf(part)))
                .uploadId();
        // parts out of order, and the first one sent twice, to check leaves land at their offsets
        for (long start : new long[] {4 * MIB, 0, 10 * MIB, 2 * MIB, 8 * MIB, 6 * MIB, 0}) {
            byte[] p = Arrays.copyOfRange(DATA, (int) start, (int) Math.min(start + part, DATA.length));
            glacier.uploadMultipartPart(b -> b.vaultName("leaves").uploadId(upload).checksum(TreeHash.of(p))
                    .range("bytes " + start + "-" + (start + p.length - 1) + "/*"), RequestBody.fromBytes(p));
        }
        String id = glacier.completeMultipartUpload(b -> b.vaultName("leaves").uploadId(upload)
                .archiveSize(String.valueOf(DATA.length)).checksum(TreeHash.of(DATA))).archiveId();
        checkRanges(id);
    }

    private void checkRanges(String archiveId) throws Exception {
        Path file = sandbox.dataDir().resolve("archives").resolve(archiveId);
        Path sidecar = LeafHashes.sidecar(file);
        assertEquals(12L * 32, Files.size(sidecar), "one 32-byte hash per leaf");
        for (int leaf = 0; leaf < 12; leaf++) {
            byte[] want = TreeHash.fromHex(TreeHash.of(Arrays.copyOfRange(DATA, leaf * MIB,
                    Math.min((leaf + 1) * MIB, DATA.length))));
            assertArrayEquals(want, Arrays.copyOfRange(Files.readAllBytes(sidecar), leaf * 32, leaf * 32 + 32));
        }
        String jobId = glacier.initiateJob(b -> b.vaultName("leaves").jobParameters(p -> p.type("archive-retrieval")
                .archiveId(archiveId).tier("Expedited"))).jobId();
        sandbox.completeJob(jobId);

        // Every range below is read twice: from the true bytes, then after the bytes on disk are overwritten.
        long[][] aligned = {{0, MIB - 1}, {3 * MIB, 4 * MIB - 1}, {0, 2 * MIB - 1}, {2 * MIB, 4 * MIB - 1},
                {4 * MIB, 8 * MIB - 1}, {0, 8 * MIB - 1}, {8 * MIB, DATA.length - 1}, {10 * MIB, DATA.length - 1},
                {11 * MIB, DATA.length - 1}};
        long[][] unaligned = {{MIB, 3 * MIB - 1}, {0, 3 * MIB - 1}, {8 * MIB, 10 * MIB}, {9 * MIB, DATA.length - 1}};
        for (long[] r : aligned) {
            assertRange(jobId, r[0], r[1], true, true);
        }
        for (long[] r : unaligned) {
            assertRange(jobId, r[0], r[1], false, true);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[DATA.length]), 0); // zeros: different bytes, same length
        }
        for (long[] r : aligned) {
            assertRange(jobId, r[0], r[1], true, false);
        }
    }

    private static void assertRange(String jobId, long start, long end, boolean hashed, boolean bytesIntact)
            throws Exception {
        try (var out = glacier.getJobOutput(b -> b.vaultName("leaves").jobId(jobId)
                .range("bytes=" + start + "-" + end))) {
            byte[] got = Clients.bytes(out);
            byte[] uploaded = Arrays.copyOfRange(DATA, (int) start, (int) end + 1);
            assertArrayEquals(bytesIntact ? uploaded : new byte[uploaded.length], got);
            assertEquals("bytes " + start + "-" + end + "/" + DATA.length, out.response().contentRange());
            String range = start + "-" + end;
            if (hashed) {
                assertEquals(TreeHash.of(uploaded), out.response().checksum(), range);
                assertTrue(TreeHash.isTreeAligned(start, end, DATA.length), range);
            } else {
                assertNull(out.response().checksum(), range);
            }
        }
    }
}
