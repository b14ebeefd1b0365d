package io.thaw.inventory;

import static io.thaw.inventory.JsonInventoryReaderTest.all;
import static io.thaw.inventory.JsonInventoryReaderTest.assertMalformed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Glacier's CSV dialect: backslash-escaped quotes, unescaped backslashes, multi-line fields. */
class CsvInventoryReaderTest {

    static final String HEADER = "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash";
    static final String H = "6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62";
    static final String D = "2012-05-15T17:19:46.700Z";

    static InventoryReader open(String text) throws IOException {
        return InventoryReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> descriptions(String csv) throws IOException {
        List<String> out = new ArrayList<>();
        try (InventoryReader r = open(csv)) {
            assertEquals("CSV", r.format());
            assertNull(r.vaultArn());
            for (InventoryItem it : r) {
                out.add(it.description());
            }
        }
        return out;
    }

    /** Hand-written rows, including the two examples of the Glacier developer guide. */
    @ParameterizedTest(name = "line ending {0}")
    @ValueSource(strings = {"LF", "CRLF"})
    void quotingRules(String ending) throws Exception {
        String nl = ending.equals("LF") ? "\n" : "\r\n";
        String csv = String.join(nl,
                HEADER,
                "id1,\"my archive description,1\\\"2\"," + D + ",2140123," + H,         // DG: my archive description,1"2
                "id2,\"my archive description,1\\\\\"2\"," + D + ",1," + H,            // DG: my archive description,1\"2
                "id3,plain text," + D + ",3," + H,
                "\"id4\",\"wholly quoted\",\"" + D + "\",\"4\",\"" + H + "\"",
                "id5,\"two" + nl + "lines, and a comma\"," + D + ",5," + H,
                "id6,\"ends with a backslash, see \\\"," + D + ",6," + H,
                "id7,C:\\dir\\sub\\," + D + ",7," + H,
                "id8,\"\\\"\"," + D + ",8," + H,
                "id9,," + D + ",9," + H,
                "id10,\"C:\\dir\\, with \\\"quotes\\\" \\\\\\\" end\"," + D + ",10," + H,
                "id11,Ünïcødé ✓ 写真 😀," + D + ",11," + H) + nl;
        List<String> d = descriptions(csv);
        assertEquals(List.of(
                "my archive description,1\"2",
                "my archive description,1\\\"2",
                "plain text",
                "wholly quoted",
                "two" + nl + "lines, and a comma",
                "ends with a backslash, see \\",
                "C:\\dir\\sub\\",
                "\"",
                "",
                "C:\\dir\\, with \"quotes\" \\\\\" end",
                "Ünïcødé ✓ 写真 😀"), d);
    }

    @Test
    void allFieldsAreParsed() throws Exception {
        try (InventoryReader r = open(HEADER + "\n\"abc-_1\",\"x\",\"2015-04-06T22:24:34Z\",\"2097152\",\"" + H.toUpperCase() + "\"")) {
            assertEquals(new InventoryItem("abc-_1", "x", Instant.parse("2015-04-06T22:24:34Z"), 2097152, H), r.next());
            assertNull(r.next());
        }
    }

    /** Whatever Glacier's writer produces from a description, the reader gives back exactly. */
    @Test
    void roundTripOfAwkwardDescriptions() throws Exception {
        List<String> awkward = List.of("", "a", "a,b", "a\"b", "a\\b", "a\\\"b", "ends\\", "ends,\\", "\\", "\"",
                "\\\"", ",", "\n", "x\r\ny", "\\\",", "\",\\", "mixed \\\" and \"\\ end\\", "\\\\\\\"\"\"",
                "trailing,\\\\", "a\\\",b", "\"quoted\"", "C:\\Users\\me\\Documents\\", "tab\there", "Ünï, cødé \\ ✓");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < awkward.size(); i++) {
            csv.append(GlacierCsv.row(new InventoryItem("id" + i, awkward.get(i), Instant.parse(D), i, H))).append('\n');
        }
        assertEquals(awkward, descriptions(csv.toString()));
    }

    /**
     * Random descriptions over the characters that matter (quote, backslash, comma, CR, LF) written
     * by Glacier's rule come back unchanged, with the row count and line numbering intact.
     */
    @Test
    void randomRoundTripOverTheAwkwardAlphabet() throws Exception {
        java.util.Random random = new java.util.Random(20240611);
        char[] alphabet = {'a', ' ', ',', '"', '\\', '\n', '\r', 'é'};
        List<String> expected = new ArrayList<>();
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (int i = 0; i < 20_000; i++) {
            StringBuilder d = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                d.append(alphabet[random.nextInt(alphabet.length)]);
            }
            expected.add(d.toString());
            csv.append(GlacierCsv.row(new InventoryItem("id" + i, d.toString(), Instant.parse(D), i, H))).append("\r\n");
        }
        assertEquals(expected, descriptions(csv.toString()));
    }

    @Test
    void headerOnlyIsAnEmptyInventory() throws Exception {
        assertEquals(List.of(), descriptions(HEADER + "\n"));
        assertEquals(List.of(), descriptions(HEADER));
        assertEquals(List.of(), descriptions("\uFEFF" + HEADER + "\r\n\r\n"));
    }

    @Test
    void malformedRowsReportTheirLineAndReadingContinues() throws Exception {
        String csv = HEADER + "\n"
                + "ok1,\"two\nlines\"," + D + ",1," + H + "\n"         // lines 2-3
                + "bad4,a,b," + D + ",1," + H + "\n"                  // line 4: 6 fields
                + "bad5," + D + ",1," + H + "\n"                      // line 5: 4 fields
                + "bad6,x," + D + ",-1," + H + "\n"                   // line 6
                + "bad7,x," + D + ",1,abc\n"                          // line 7
                + "bad8,\"x\"y," + D + ",1," + H + "\n"               // line 8
                + "bad9,x,not-a-date,1," + H + "\n"                   // line 9
                + "\n"                                                // line 10: blank, skipped
                + "ok11,\"multi\nline\nrow\"," + D + ",1," + H + "\n" // lines 11-13
                + "bad14 id,x," + D + ",1," + H + "\n"                // line 14
                + "ok15,x," + D + ",99999999999," + H + "\n";
        try (InventoryReader r = open(csv)) {
            assertEquals("ok1", r.next().archiveId());
            assertMalformed(r, 4, "CSV inventory, line 4: expected 5 fields (ArchiveId, ArchiveDescription, CreationDate,"
                    + " Size, SHA256TreeHash), found 6 — an unquoted comma?");
            assertMalformed(r, 5, "CSV inventory, line 5: expected 5 fields (ArchiveId, ArchiveDescription, CreationDate,"
                    + " Size, SHA256TreeHash), found 4");
            assertMalformed(r, 6, "CSV inventory, line 6: Size \"-1\" is not a whole number of bytes");
            assertMalformed(r, 7, "CSV inventory, line 7: SHA256TreeHash \"abc\" is not 64 hex digits");
            assertMalformed(r, 8, "CSV inventory, line 8: field 2 has 'y' after its closing quote");
            assertMalformed(r, 9, "CSV inventory, line 9: CreationDate \"not-a-date\" is not an ISO-8601 date-time");
            assertEquals("multi\nline\nrow", r.next().description());
            assertMalformed(r, 14, "CSV inventory, line 14: ArchiveId \"bad14 id\" has characters other than A-Z a-z 0-9 _ -");
            assertEquals(99999999999L, r.next().size());
            assertNull(r.next());
        }
    }

    @Test
    void unclosedQuoteAtEndOfFileIsFatal() throws Exception {
        try (InventoryReader r = open(HEADER + "\nok,x," + D + ",1," + H + "\ncut,\"never closed, " + D + ",1,")) {
            assertEquals("ok", r.next().archiveId());
            MalformedInventoryException e = assertThrows(MalformedInventoryException.class, r::next);
            assertEquals("CSV inventory, line 3: the quoted field 2 is not closed before the end of the file — the"
                    + " download was probably cut short", e.getMessage());
            assertEquals(3, e.line());
            assertFalse(e.skippable());
            assertSame(e, assertThrows(MalformedInventoryException.class, r::next));
        }
    }

    @Test
    void wrongHeaderIsFatal() {
        MalformedInventoryException e = assertThrows(MalformedInventoryException.class,
                () -> open("id,desc,date,size,hash\nx,y,z,1,2\n"));
        assertEquals("CSV inventory, line 1: expected the header ArchiveId,ArchiveDescription,CreationDate,Size,"
                + "SHA256TreeHash, found id,desc,date,size,hash — is this a Glacier inventory?", e.getMessage());
        assertFalse(e.skippable());
        assertThrows(MalformedInventoryException.class, () -> open("ArchiveList,foo\n"));
    }

    @Test
    void invalidUtf8IsFatalNotReplaced() throws Exception {
        byte[] head = (HEADER + "\nok,x," + D + ",1," + H + "\nbad,").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("," + D + ",1," + H + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xC3; // truncated 2-byte sequence
        all[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, all, head.length + 2, tail.length);
        try (InventoryReader r = InventoryReader.open(new ByteArrayInputStream(all))) {
            assertEquals("ok", r.next().archiveId());
            MalformedInventoryException e = assertThrows(MalformedInventoryException.class, r::next);
            assertFalse(e.skippable());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().startsWith("CSV inventory, line 3: not valid UTF-8"), e.getMessage());
        }
    }

    @Test
    void iteratorStopsAtAMalformedRow() throws Exception {
        try (InventoryReader r = open(HEADER + "\nok,x," + D + ",1," + H + "\nbad\n")) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> all(r));
            assertEquals(3, ((MalformedInventoryException) e.getCause()).line());
        }
    }
}
