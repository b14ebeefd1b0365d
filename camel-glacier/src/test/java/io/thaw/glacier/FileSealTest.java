package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seal holds only for the very file, unchanged: every kind of change after sealing breaks it. */
class FileSealTest {

    @TempDir
    Path tmp;

    private Path file(String name) throws IOException {
        return Files.write(tmp.resolve(name), new byte[64 * 1024]);
    }

    private FileSeal seal(Path f) throws IOException {
        FileSeal s = FileSeal.of(f);
        assertNotNull(s, "this file system gives unix attributes");
        return s;
    }

    @Test
    void theSameFileUnchangedMatchesAndReadingItChangesNothing() throws IOException {
        Path f = file("a");
        FileSeal s = seal(f);
        Files.readAllBytes(f);
        assertTrue(s.matches(f));
    }

    @Test
    void anAppendedByteBreaksTheSeal() throws IOException {
        Path f = file("b");
        FileSeal s = seal(f);
        Files.write(f, new byte[] {1}, StandardOpenOption.APPEND);
        assertFalse(s.matches(f));
    }

    @Test
    void aRewriteOfTheSameSizeBreaksTheSeal() throws IOException {
        Path f = file("c");
        FileSeal s = seal(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {7}), 100);
        }
        assertFalse(s.matches(f), "same size, new bytes: the change time moved");
    }

    @Test
    void anotherFileRenamedIntoItsPlaceBreaksTheSeal() throws IOException {
        Path f = file("d");
        FileSeal s = seal(f);
        Path other = file("d2");
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(f));
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertFalse(s.matches(f), "same size and mtime, another inode");
    }

    @Test
    void touchingTheTimesBreaksTheSeal() throws IOException {
        Path f = file("e");
        FileSeal s = seal(f);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2019-05-01T00:00:00Z")));
        assertFalse(s.matches(f));
    }

    @Test
    void aFileJustWrittenIsSealedOnlyAfterItsTimestampTick() throws IOException {
        Path f = file("f");
        FileSeal s = seal(f);
        long last = Math.max(s.modified().toMillis(), s.changed().toMillis());
        assertTrue(System.currentTimeMillis() >= last + FileSeal.TICK_MILLIS - 1,
                "a write after the seal falls in a later tick, so it moves the times");
    }
}
