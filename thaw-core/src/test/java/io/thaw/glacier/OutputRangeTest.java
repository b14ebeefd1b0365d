package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputRangeTest {

    static final long MIB = 1L << 20;

    static CompletedJob archiveJob(long archiveSize, long offset, long outputSize) {
        return new CompletedJob("-", "v", "j", "ArchiveRetrieval", "a", archiveSize, offset, outputSize, "h", "h",
                offset == 0 ? null : offset + "-" + (offset + outputSize - 1), null, "Standard", null, null);
    }

    @Test
    void parsesBothSpellings() {
        assertEquals(new OutputRange(0, 1048575), OutputRange.parse("bytes=0-1048575"));
        assertEquals(new OutputRange(5, 9), OutputRange.parse(" 5-9 "));
        assertEquals(5, OutputRange.parse("5-9").length());
        var e = assertThrows(IllegalArgumentException.class, () -> OutputRange.parse("0-"));
        assertTrue(e.getMessage().contains("write a-b or bytes=a-b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutputRange.parse("9-5"));
    }

    @Test
    void acceptsTreeNodesOfTheArchive() {
        CompletedJob job = archiveJob(10 * MIB + 7, 0, 10 * MIB + 7);
        assertDoesNotThrow(() -> new OutputRange(0, 4 * MIB - 1).check(job));
        assertDoesNotThrow(() -> new OutputRange(8 * MIB, 10 * MIB + 6).check(job)); // the short tail subtree
        assertDoesNotThrow(() -> new OutputRange(0, 10 * MIB + 6).check(job));
    }

    @Test
    void refusesOtherRangesNamingTheSmallestNodeThatHoldsThem() {
        CompletedJob job = archiveJob(10 * MIB + 7, 0, 10 * MIB + 7);
        var e = assertThrows(IllegalArgumentException.class, () -> new OutputRange(MIB, 3 * MIB - 1).check(job));
        assertTrue(e.getMessage().contains("smallest such range holding yours is 0-4194303"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OutputRange(0, 11 * MIB).check(job));
        assertTrue(e.getMessage().contains("past the end of the job output"), e.getMessage());
    }

    @Test
    void rangesOfARangeJobAreRelativeToItsOutput() {
        // The job retrieved MiB 4..7 of a 16 MiB archive; output bytes 0..2 MiB-1 are archive MiB 4..5.
        CompletedJob job = archiveJob(16 * MIB, 4 * MIB, 4 * MIB);
        assertDoesNotThrow(() -> new OutputRange(0, 2 * MIB - 1).check(job));
        var e = assertThrows(IllegalArgumentException.class, () -> new OutputRange(MIB, 3 * MIB - 1).check(job));
        assertTrue(e.getMessage().contains("smallest such range holding yours is 0-4194303"), e.getMessage());
    }

    @Test
    void inventoriesHaveNoRanges() {
        CompletedJob inv = new CompletedJob("-", "v", "j", "InventoryRetrieval", null, null, 0, 1000, null, null, null,
                "JSON", null, null, null);
        var e = assertThrows(IllegalArgumentException.class, () -> new OutputRange(0, 10).check(inv));
        assertTrue(e.getMessage().contains("archive retrievals only"), e.getMessage());
    }

    @Test
    void enclosingNodeIsClippedToTheArchive() {
        assertArrayEquals(new long[] {8 * MIB, 10 * MIB + 6}, OutputRange.enclosingNode(9 * MIB, 10 * MIB, 10 * MIB + 7));
    }

    @Test
    void progressLineShowsBytesRateAndEta() {
        var p = new ProgressListener.Progress("job x", 512 * MIB, 2048 * MIB, 100.0 * MIB, 15, false);
        assertEquals("512.0 MiB of 2.0 GiB (25%), 100.0 MiB/s, ETA 15 s", p.line());
    }
}
