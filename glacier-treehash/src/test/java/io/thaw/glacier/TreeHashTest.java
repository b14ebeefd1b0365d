package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every vector of glacier-wire.md §8.2, plus composition and alignment rules of §8.3. */
class TreeHashTest {

    private static final int MIB = 1 << 20;

    static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @ParameterizedTest(name = "''a'' x {0}")
    @CsvSource({
        "0,       e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "1024,    2edc986847e209b4016e141a6dc8716d3207350f416969382d431539bf292e4a",
        "1048576, 9bc1b2a288b26af7257a36277ae3816a7d4f16e89c1e7e77d0a5c48bad62b360",
        "4194304, 9491cb2ed1d4e7cd53215f4017c23ec4ad21d7050a1e6bb636c4f67e8cddb844",
        "4194324, 12f3cbd6101b981cde074039f6f728071da8879d6f632de8afc7cdf00661b08f",
        "3145728, 70239f4f2ead7561f69d48b956b547edef52a1280a93c262c0b582190be7db17",
        "5242880, 1ca676a2caf9791fcf24580c2c6f9b051ebbf689720da6ff8c41f2d01cdde5ea",
        "6815744, 0dae0a3f606e3eae41361ffc1dc3e1c5311ae06f9c14299ca46052f89947f412",
    })
    void vectorsOfRepeatedA(int size, String expected) {
        assertEquals(expected, TreeHash.of(repeat('a', size)));
    }

    @Test
    void helloWorldEqualsLinearSha256() {
        assertEquals("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
                TreeHash.of("hello world".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void abcRepeatedAsUploadedToGlacier() {
        byte[] abc = "abc".repeat(1234567).getBytes(StandardCharsets.US_ASCII);
        assertEquals("5a245eddef1227623912286af0a6dd6f1a3cd67ad3d768c1490c2f8a0fafeca9", TreeHash.of(abc));
    }

    @Test
    void mtAwsGlacierVector() {
        byte[] b = ("Hello, world! " + "x".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        assertEquals("15aad04dbdebee9ad90ba889d8eb3b9045be355fed57c62894bc2b1ae259c8c8", TreeHash.of(b));
    }

    @Test
    void anySplitOfTheInputGivesTheSameHash() {
        byte[] data = new byte[5 * MIB + 12345];
        new Random(7).nextBytes(data);
        String whole = TreeHash.of(data);
        TreeHash th = new TreeHash();
        Random r = new Random(1);
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, 1 + r.nextInt(3 * MIB));
            if (r.nextBoolean()) {
                th.update(data, pos, n);
            } else {
                th.update(ByteBuffer.wrap(data, pos, n));
            }
            pos += n;
        }
        assertEquals(whole, th.hex());
    }

    @Test
    void chunkHashesComposeIntoTheArchiveHash(@TempDir Path dir) throws Exception {
        byte[] data = new byte[13 * MIB + 777];
        new Random(3).nextBytes(data);
        Path f = dir.resolve("a.bin");
        Files.write(f, data);
        for (int chunk : new int[] {MIB, 2 * MIB, 4 * MIB, 8 * MIB}) {
            List<byte[]> parts = new ArrayList<>();
            for (long off = 0; off < data.length; off += chunk) {
                parts.add(TreeHash.of(f, off, Math.min(chunk, data.length - off)));
            }
            assertEquals(TreeHash.of(data), TreeHash.toHex(TreeHash.combine(parts)), "chunk " + chunk);
        }
        assertEquals(TreeHash.of(data), TreeHash.of(f));
    }

    @Test
    void treeAlignmentFollowsTheNodeRule() {
        long size = 6 * MIB + MIB / 2; // 6.5 MiB, the example of glacier-wire.md §8.3
        assertTrue(TreeHash.isTreeAligned(0, 2L * MIB - 1, size));
        assertFalse(TreeHash.isTreeAligned(MIB, 3L * MIB - 1, size));
        assertTrue(TreeHash.isMibAligned(MIB, 3L * MIB - 1, size));
        assertTrue(TreeHash.isTreeAligned(2L * MIB, 4L * MIB - 1, size));
        assertTrue(TreeHash.isTreeAligned(4L * MIB, size - 1, size));
        assertTrue(TreeHash.isTreeAligned(6L * MIB, size - 1, size));
        assertFalse(TreeHash.isTreeAligned(2L * MIB, size - 1, size));
        assertTrue(TreeHash.isTreeAligned(0, size - 1, size));
        assertFalse(TreeHash.isMibAligned(1, MIB - 1, size));
    }

    /**
     * A small file's hash takes a small buffer: thaw reads back every file it delivers by rename, and a
     * 1 MiB buffer per 4 KiB archive was most of what a whole-vault run allocated (docs/benchmarks.md).
     */
    @Test
    void hashingASmallFileAllocatesAboutItsSizeNotALeaf(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("small");
        byte[] data = new byte[4096];
        new Random(7).nextBytes(data);
        Files.write(f, data);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long tid = Thread.currentThread().getId();
        TreeHash.of(f); // classes loaded, code warm enough
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10; i++) {
            assertEquals(TreeHash.of(data), TreeHash.of(f));
        }
        long perCall = (mx.getThreadAllocatedBytes(tid) - before) / 10;
        assertTrue(perCall < 64 * 1024, perCall + " bytes allocated per hash of a 4 KiB file");
    }
}
