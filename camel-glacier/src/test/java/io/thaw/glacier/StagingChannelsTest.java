package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A chunk body written through {@link StagingChannels}: whole blocks with O_DIRECT where the file system
 * has it, the unaligned tail through the page cache; the file holds exactly the body, and the hash is the
 * body's, whichever way each piece went.
 */
class StagingChannelsTest {

    static final int MIB = 1024 * 1024;

    final Path work;

    StagingChannelsTest() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/staging-channels-" + System.nanoTime()));
    }

    /** Whether this file system opens files with O_DIRECT: asked directly, not through the class tested. */
    boolean fileSystemHasDirect() throws IOException {
        Path probe = work.resolve("probe");
        try (FileChannel ignored = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    @Test
    void wholeBlocksGoDirectTheTailThroughThePageCacheAndTheFileHoldsTheBody() throws Exception {
        byte[] body = new byte[3 * MIB + 1234]; // pieces of 256 KiB, then 1,234 bytes that fill no block
        new Random(7).nextBytes(body);
        Path staging = work.resolve("job.part");
        // chunks are written at their offsets in any order: the second MiB-aligned chunk first
        long second = 2L * MIB;
        try (StagingChannels file = StagingChannels.open(staging, true)) {
            assertEquals(fileSystemHasDirect(), file.direct(), "O_DIRECT used exactly where the file system has it");
            if (file.direct()) {
                assertNotNull(file.directFor(second, 256 * 1024));
                assertNull(file.directFor(second, 1234), "a piece that fills no whole block");
                assertNull(file.directFor(second + 512 + 1, 4096), "a piece that starts inside a block");
            }
            TreeHash tail = new TreeHash();
            ChunkCopy.copy(new ByteArrayInputStream(Arrays.copyOfRange(body, (int) second, body.length)), file,
                    second, body.length - second, tail, meter(body.length), new long[1]);
            TreeHash head = new TreeHash();
            ChunkCopy.copy(new ByteArrayInputStream(Arrays.copyOfRange(body, 0, (int) second)), file, 0, second,
                    head, meter(body.length), new long[1]);
            assertEquals(TreeHash.of(Arrays.copyOfRange(body, (int) second, body.length)), TreeHash.toHex(tail.digest()));
            assertEquals(TreeHash.of(Arrays.copyOfRange(body, 0, (int) second)), TreeHash.toHex(head.digest()));
        }
        assertArrayEquals(body, Files.readAllBytes(staging));
    }

    @Test
    void aBodyShorterThanItsRangeIsAnErrorOnTheDirectPathToo() throws Exception {
        Path staging = work.resolve("short.part");
        try (StagingChannels file = StagingChannels.open(staging, true)) {
            IOException e = assertThrows(IOException.class, () -> ChunkCopy.copy(
                    new ByteArrayInputStream(new byte[MIB / 2]), file, 0, MIB, new TreeHash(), meter(MIB), new long[1]));
            assertEquals("body ended after 524288 of 1048576 bytes", e.getMessage());
        }
    }

    @Test
    void aFileSystemThatRefusesDirectWritesGetsThemThroughThePageCache() throws Exception {
        byte[] body = new byte[MIB];
        new Random(9).nextBytes(body);
        Path staging = work.resolve("refusing.part");
        // a direct channel whose writes fail, as on file systems that accept O_DIRECT only when opening
        FileChannel refusing = FileChannel.open(staging, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        refusing.close();
        try (StagingChannels file = new StagingChannels(FileChannel.open(staging, StandardOpenOption.WRITE,
                StandardOpenOption.READ), refusing, 4096)) {
            assertNotNull(file.directFor(0, 256 * 1024));
            TreeHash th = new TreeHash();
            ChunkCopy.copy(new ByteArrayInputStream(body), file, 0, MIB, th, meter(MIB), new long[1]);
            assertEquals(TreeHash.of(body), TreeHash.toHex(th.digest()));
            assertFalse(file.direct(), "after the refusal, the page cache for the rest of the file");
            assertNull(file.directFor(0, 256 * 1024));
        }
        assertArrayEquals(body, Files.readAllBytes(staging));
    }

    @Test
    void anInterruptedDirectWriteStopsTheChunkAndIsNoRefusal() throws Exception {
        Path staging = work.resolve("interrupted.part");
        try (StagingChannels file = StagingChannels.open(staging, true)) {
            if (!file.direct()) {
                return; // no O_DIRECT on this file system: asserted in the first test of this class
            }
            Thread.currentThread().interrupt();
            try {
                assertThrows(java.nio.channels.ClosedByInterruptException.class, () -> ChunkCopy.copy(
                        new ByteArrayInputStream(new byte[MIB]), file, 0, MIB, new TreeHash(), meter(MIB), new long[1]));
            } finally {
                Thread.interrupted();
            }
            assertTrue(file.direct(), "not taken for a file system that refuses O_DIRECT");
        }
    }

    @Test
    void smallOutputsAreWrittenThroughThePageCacheAlone() throws Exception {
        try (StagingChannels file = StagingChannels.open(work.resolve("small.part"), false)) {
            assertFalse(file.direct());
            assertNull(file.directFor(0, 256 * 1024));
        }
    }

    static ProgressMeter meter(long total) {
        return new ProgressMeter("test", total, 0, bytes -> { });
    }
}
