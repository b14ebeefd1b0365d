package io.thaw.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameOverridesTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("overrides.csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void headerIsOptionalAndTheAwsHeaderIsAccepted() throws IOException {
        NameOverrides plain = NameOverrides.load(csv("idA,photos/a.jpg\nidB,b.txt\n"));
        assertEquals("photos/a.jpg", plain.fileName("idA"));
        assertEquals("b.txt", plain.fileName("idB"));
        assertEquals(2, plain.size());
        assertEquals(1, NameOverrides.load(csv("ArchiveId,FileName\nidA,a.jpg")).size());
        assertEquals("a.jpg", NameOverrides.load(csv("GlacierArchiveID,FileName\r\nidA,a.jpg\r\n")).fileName("idA"));
        assertNull(plain.fileName("idC"));
    }

    @Test
    void quotedFieldsFollowRfc4180() throws IOException {
        NameOverrides o = NameOverrides.load(csv("\uFEFFArchiveId,FileName\n"
                + "id1,\"reports/Q1, Q2.xlsx\"\n"
                + "\n"
                + "\"id2\",\"say \"\"hi\"\".txt\"\r\n"
                + "id3,\"two\nlines.txt\"\n"
                + "id4,  Müller/日本.txt  \n"));
        assertEquals("reports/Q1, Q2.xlsx", o.fileName("id1"));
        assertEquals("say \"hi\".txt", o.fileName("id2"));
        assertEquals("two\nlines.txt", o.fileName("id3"));
        assertEquals("Müller/日本.txt", o.fileName("id4"));
        assertEquals(4, o.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ArchiveId,FileName\\nid1,a.txt\\nid2,b,c.txt\\n|line 3: expected 2 fields",
            "id1,a.txt\\nid2\\n|line 2: expected 2 fields",
            "id1,a.txt\\nid2,\"never closed\\n\\n|line 2: a quoted field is never closed",
            "id1,\"a\"b.txt\\n|line 1: text after a closing quote",
            "id1,a\"b.txt\\n|line 1: a quote",
            "id1,a.txt\\n ,b.txt\\n|line 2: the archive id is empty",
            "id1,a.txt\\nid2,../..\\n|line 2: file name '../..' for archive id2 has no usable characters",
            "id1,a.txt\\nid2,\"x\\ny\"\\nid1,b.txt\\n|line 4: archive id1 is already named 'a.txt'"})
    void badRowsNameTheLineAndTheFix(String content, String expected) throws IOException {
        Path file = csv(content.replace("\\n", "\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NameOverrides.load(file));
        assertTrue(e.getMessage().contains("overrides.csv' " + expected), e.getMessage());
    }

    @Test
    void repeatedIdenticalRowsAreFine() throws IOException {
        assertEquals(1, NameOverrides.load(csv("id1,a.txt\nid1,a.txt\n")).size());
    }

    @Test
    void invalidUtf8IsRefusedWithTheLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "id1,a.txt\nid2,caf\u00E9.txt\n".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NameOverrides.load(file));
        assertTrue(e.getMessage().contains("line 2: not valid UTF-8 — save the file as UTF-8"), e.getMessage());
    }

    @Test
    void missingFileSaysWhichFile() {
        Path missing = dir.resolve("nope.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> NameOverrides.load(missing));
        assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    }

    @Test
    void noneIsEmpty() {
        assertSame(NameOverrides.none(), NameOverrides.none());
        assertEquals(0, NameOverrides.none().size());
        assertNull(NameOverrides.none().fileName("x"));
    }

    @Test
    void aLargeFileStreams() throws IOException {
        Path file = dir.resolve("big.csv");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("ArchiveId,FileName\n");
            for (int i = 0; i < 100_000; i++) {
                out.write("archive-" + i + ",\"folder " + (i % 100) + "/file, " + i + ".dat\"\n");
            }
        }
        NameOverrides o = NameOverrides.load(file);
        assertEquals(100_000, o.size());
        assertEquals("folder 99/file, 99999.dat", o.fileName("archive-99999"));
    }
}
