package io.thaw.inventory;

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

class JsonInventoryReaderTest {

    static InventoryReader open(String text) throws IOException {
        return InventoryReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static List<InventoryItem> all(InventoryReader r) {
        List<InventoryItem> items = new ArrayList<>();
        r.forEach(items::add);
        return items;
    }

    /** The Glacier developer guide's example, compact as Glacier sends it. */
    @Test
    void compactDeveloperGuideExample() throws Exception {
        String json = "{\"VaultARN\":\"arn:aws:glacier:us-west-2:012345678901:vaults/examplevault\",\"InventoryDate\":"
                + "\"2011-12-12T14:19:01Z\",\"ArchiveList\":[{\"ArchiveId\":\"DMTmICA2n5Tdqq5BV2z7og-A20xnpAPKt3UXwWxdWsn_D6a"
                + "uTUrW6kwy5Qyj9xd1MCE1mBYvMQ63LWaT8yTMzMaCxB_9VBWrW4Jw4zsvg5kehAPDVKcppUD1X7b24JukOr4mMAq-oA\","
                + "\"ArchiveDescription\":\"my archive1\",\"CreationDate\":\"2012-05-15T17:19:46.700Z\",\"Size\":2140123,"
                + "\"SHA256TreeHash\":\"6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62\"},"
                + "{\"ArchiveId\":\"2lHzwhKhgF2JHyvCS-ZRuF08IQLuyB4265Hs3AXj9MoAIhz7tbXAvcFeHusgU_hViO1WeCBe0N5lsYYHRyZ7rrmRkNRuYrXUs_sjl2K8ume_7mKO_0i7C-uHE1oHqaW9d37pabXrSA\","
                + "\"ArchiveDescription\":\"my archive2\",\"CreationDate\":\"2012-05-15T17:21:39.339Z\",\"Size\":2140123,"
                + "\"SHA256TreeHash\":\"7f2fe580edb35154041fa3d4b41dd6d3e5cf9e3a2E2f4e8b9bbd1ea7e4b9c5f5\"}]}";
        try (InventoryReader r = open(json)) {
            assertEquals("JSON", r.format());
            assertEquals("arn:aws:glacier:us-west-2:012345678901:vaults/examplevault", r.vaultArn());
            assertEquals(Instant.parse("2011-12-12T14:19:01Z"), r.inventoryDate());
            InventoryItem first = r.next();
            assertEquals(new InventoryItem("DMTmICA2n5Tdqq5BV2z7og-A20xnpAPKt3UXwWxdWsn_D6auTUrW6kwy5Qyj9xd1MCE1mBYvMQ63LWaT8yTMzMaCxB_9VBWrW4Jw4zsvg5kehAPDVKcppUD1X7b24JukOr4mMAq-oA",
                    "my archive1", Instant.parse("2012-05-15T17:19:46.700Z"), 2140123,
                    "6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62"), first);
            InventoryItem second = r.next();
            assertEquals("my archive2", second.description());
            assertEquals("7f2fe580edb35154041fa3d4b41dd6d3e5cf9e3a2e2f4e8b9bbd1ea7e4b9c5f5", second.treeHash(), "lower-cased");
            assertNull(r.next());
            assertNull(r.next(), "stays at the end");
        }
    }

    /** Header fields after the list, pretty-printed, unknown fields: all handled, headers known at the end. */
    @Test
    void prettyWithHeaderAfterArchiveList() throws Exception {
        String json = """
                {
                  "ArchiveList" : [ {
                    "ArchiveId" : "abc",
                    "ArchiveDescription" : "line1\\nline2 \\"quoted\\" \\\\ back \\u00e9 😀 写真",
                    "CreationDate" : "2015-04-06T22:24:34Z",
                    "Size" : 0,
                    "Extra" : {"nested": [1, 2, {"x": null}]},
                    "SHA256TreeHash" : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                  } ],
                  "Future" : [1, 2, 3],
                  "InventoryDate" : "2015-04-07T00:26:18Z",
                  "VaultARN" : "arn:aws:glacier:us-east-1:111122223333:vaults/v"
                }
                """;
        try (InventoryReader r = open(json)) {
            assertNull(r.vaultArn(), "not read yet: ArchiveList comes first");
            InventoryItem it = r.next();
            assertEquals("line1\nline2 \"quoted\" \\ back é 😀 写真", it.description());
            assertEquals(0, it.size());
            assertNull(r.vaultArn());
            assertNull(r.next());
            assertEquals("arn:aws:glacier:us-east-1:111122223333:vaults/v", r.vaultArn());
            assertEquals(Instant.parse("2015-04-07T00:26:18Z"), r.inventoryDate());
        }
    }

    @Test
    void emptyInventory() throws Exception {
        try (InventoryReader r = open("{\"VaultARN\":\"arn:aws:glacier:us-east-1:111122223333:vaults/v\","
                + "\"InventoryDate\":\"2024-01-01T00:00:00Z\",\"ArchiveList\":[]}")) {
            assertTrue(all(r).isEmpty());
            assertEquals("arn:aws:glacier:us-east-1:111122223333:vaults/v", r.vaultArn());
        }
        try (InventoryReader r = open("  \n{\"ArchiveList\":null}")) {
            assertNull(r.next());
        }
    }

    @Test
    void badItemIsSkippableAndReadingContinues() throws Exception {
        String json = "{\"ArchiveList\":[\n"
                + "{\"ArchiveId\":\"a\",\"ArchiveDescription\":\"\",\"CreationDate\":\"2012-05-15T17:19:46Z\",\"Size\":\"12\",\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n"
                + "{\"ArchiveId\":\"b c\",\"ArchiveDescription\":\"\",\"CreationDate\":\"2012-05-15T17:19:46Z\",\"Size\":1,\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n"
                + "{\"ArchiveId\":\"d\",\"CreationDate\":\"2012-05-15T17:19:46Z\",\"Size\":1,\"SHA256TreeHash\":\"" + "0".repeat(63) + "\"},\n"
                + "{\"ArchiveId\":\"e\",\"CreationDate\":\"2012-05-15T17:19:46Z\",\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n"
                + "{\"ArchiveId\":{\"x\":1},\"CreationDate\":\"2012-05-15T17:19:46Z\",\"Size\":1,\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n"
                + "{\"ArchiveId\":\"g\",\"Size\":{\"bytes\":[1,{\"a\":2}]},\"CreationDate\":\"2012-05-15T17:19:46Z\",\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n"
                + "{\"ArchiveId\":\"h\",\"Size\":null,\"CreationDate\":\"2012-05-15T17:19:46Z\",\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n"
                + "{\"ArchiveId\":\"f\",\"CreationDate\":\"2012-05-15T17:19:46Z\",\"Size\":5,\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"}\n"
                + "]}";
        try (InventoryReader r = open(json)) {
            assertMalformed(r, 2, "archive #1 of ArchiveList (line 2, column 1): Size 12 is not a whole number of bytes");
            assertMalformed(r, 3, "archive #2 of ArchiveList (line 3, column 1): ArchiveId \"b c\" has characters other than A-Z a-z 0-9 _ -");
            assertMalformed(r, 4, "archive #3 of ArchiveList (line 4, column 1): SHA256TreeHash \"" + "0".repeat(63) + "\" is not 64 hex digits");
            assertMalformed(r, 5, "archive #4 of ArchiveList (line 5, column 1): Size is missing");
            assertMalformed(r, 6, "archive #5 of ArchiveList (line 6, column 1): ArchiveId is START_OBJECT, not a string");
            assertMalformed(r, 7, "archive #6 of ArchiveList (line 7, column 1): Size (START_OBJECT) is not a whole number of bytes");
            assertMalformed(r, 8, "archive #7 of ArchiveList (line 8, column 1): Size is missing");
            InventoryItem f = r.next();
            assertEquals("f", f.archiveId());
            assertEquals("", f.description(), "a missing description reads as empty");
            assertNull(r.next());
        }
    }

    static void assertMalformed(InventoryReader r, long line, String message) {
        MalformedInventoryException e = assertThrows(MalformedInventoryException.class, r::next);
        assertEquals(message, e.getMessage());
        assertEquals(line, e.line());
        assertTrue(e.skippable());
    }

    @Test
    void truncatedDocumentIsFatalAndStaysFatal() throws Exception {
        String json = "{\"ArchiveList\":[\n{\"ArchiveId\":\"a\",\"CreationDate\":\"2012-05-15T17:19:46Z\",\"Size\":1,"
                + "\"SHA256TreeHash\":\"" + "0".repeat(64) + "\"},\n{\"ArchiveId\":\"b\",\"Creat";
        try (InventoryReader r = open(json)) {
            assertEquals("a", r.next().archiveId());
            MalformedInventoryException e = assertThrows(MalformedInventoryException.class, r::next);
            assertFalse(e.skippable());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().startsWith("JSON inventory is not valid JSON at line 3, column "), e.getMessage());
            assertTrue(e.getMessage().endsWith("— the file is damaged or was cut short"), e.getMessage());
            assertSame(e, assertThrows(MalformedInventoryException.class, r::next));
        }
    }

    @Test
    void structuralProblemsAreFatal() throws Exception {
        MalformedInventoryException e = assertThrows(MalformedInventoryException.class, () -> all(open("{\"VaultARN\":\"x\"}")));
        assertEquals("JSON inventory, line 1, column 16: the inventory has no ArchiveList", e.getMessage());
        java.io.UncheckedIOException u = assertThrows(java.io.UncheckedIOException.class,
                () -> all(open("{\"ArchiveList\":[1]}")));
        assertEquals("JSON inventory, line 1, column 17: ArchiveList holds VALUE_NUMBER_INT where an archive object {…} was expected",
                u.getCause().getMessage());
        u = assertThrows(java.io.UncheckedIOException.class, () -> all(open("{\"ArchiveList\":[]} {}")));
        assertEquals("JSON inventory, line 1, column 20: more data follows the end of the inventory object", u.getCause().getMessage());
        e = assertThrows(MalformedInventoryException.class, () -> open("{\"InventoryDate\":\"yesterday\",\"ArchiveList\":[]}"));
        assertEquals("JSON inventory, line 1, column 18: InventoryDate \"yesterday\" is not an ISO-8601 date-time", e.getMessage());
    }

    @Test
    void archiveListTwiceIsFatal() throws Exception {
        try (InventoryReader r = open("{\"ArchiveList\":[],\"ArchiveList\":[]}")) {
            MalformedInventoryException e = assertThrows(MalformedInventoryException.class, r::next);
            assertEquals("JSON inventory, line 1, column 33: ArchiveList appears twice", e.getMessage());
            assertFalse(e.skippable());
        }
    }

    /** The reader owns the stream: closed with the reader, and when open() fails. */
    @Test
    void streamIsClosedWithTheReaderAndOnFailedOpen() throws Exception {
        for (String doc : new String[] {"{\"ArchiveList\":[]}", "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n"}) {
            boolean[] closed = {false};
            ByteArrayInputStream in = new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            InventoryReader r = InventoryReader.open(in);
            assertNull(r.next());
            r.close();
            assertTrue(closed[0], doc);
        }
        for (String bad : new String[] {"{\"ArchiveList\":5}", "not,a,header\n", ""}) {
            boolean[] closed = {false};
            ByteArrayInputStream in = new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            assertThrows(MalformedInventoryException.class, () -> InventoryReader.open(in));
            assertTrue(closed[0], "failed open closes the stream: " + bad);
        }
    }

    @Test
    void emptyInputIsAnError() {
        for (String empty : new String[] {"", " \r\n\t ", "\uFEFF"}) {
            MalformedInventoryException e = assertThrows(MalformedInventoryException.class, () -> open(empty));
            assertEquals("the inventory is empty: expected a JSON object or the CSV header ArchiveId,ArchiveDescription,"
                    + "CreationDate,Size,SHA256TreeHash — the download was probably cut short; retrieve it again", e.getMessage());
        }
    }
}
