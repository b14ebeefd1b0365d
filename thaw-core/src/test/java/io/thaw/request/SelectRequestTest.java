package io.thaw.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.inventory.InventoryItem;
import io.thaw.plan.ArchiveFilter;
import io.thaw.plan.Selection;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The envelope's "select" object: whole-vault and filtered runs, and what is refused with which message. */
class SelectRequestTest {

    static ThawRequest parse(String json) throws Exception {
        return RequestParser.parse("r.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                RequestParserTest.POLICY);
    }

    @Test
    void wholeVaultWithTierAndPagedInventory() throws Exception {
        ThawRequest r = parse("{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Bulk\"},"
                + "\"select\":{\"all\":true,\"inventory\":\"retrieve\",\"inventoryPageSize\":1000,\"maxArchives\":50}}");
        Selection s = r.selection();
        assertEquals("Bulk", r.jobs().get(0).tier());
        assertNull(r.jobs().get(0).archiveId());
        assertEquals(Selection.RETRIEVE, s.inventory());
        assertEquals(1000, s.inventoryPageSize());
        assertEquals(50, s.maxArchives());
        assertTrue(s.toFilter().selectsAll());
    }

    @Test
    void filtersSelectByDescriptionSizeAndDate() throws Exception {
        ThawRequest r = parse("{\"vault\":\"photos\",\"select\":{\"descriptionGlob\":\"photos/2019/*.jpg\",\"minSize\":10,"
                + "\"maxSize\":100,\"createdAfter\":\"2019-01-01T00:00:00Z\",\"createdBefore\":\"2020-01-01T00:00:00Z\","
                + "\"dryRun\":true}}");
        assertEquals("Standard", r.jobs().get(0).tier(), "the default tier");
        assertTrue(r.selection().dryRun());
        ArchiveFilter f = r.selection().toFilter();
        Instant in2019 = Instant.parse("2019-06-01T00:00:00Z");
        assertTrue(f.matches(new InventoryItem("a", "photos/2019/x.jpg", in2019, 50, "h")));
        assertTrue(f.matches(new InventoryItem("a", "photos/2019/x.jpg", Instant.parse("2019-01-01T00:00:00Z"), 10, "h")));
        assertTrue(!f.matches(new InventoryItem("a", "photos/2019/x.jpg", Instant.parse("2020-01-01T00:00:00Z"), 50, "h")));
        assertTrue(!f.matches(new InventoryItem("a", "photos/2019/x.png", in2019, 50, "h")));
        assertTrue(!f.matches(new InventoryItem("a", "photos/2019/x.jpg", in2019, 101, "h")));
        assertTrue(!f.matches(new InventoryItem("a", "photos/2019/x.jpg", in2019, 9, "h")));
    }

    @Test
    void idsFileIsResolvedInTheInbox() throws Exception {
        Path inbox = Files.createDirectories(Path.of("target/test-work/select-" + System.nanoTime()));
        Files.writeString(inbox.resolve("ids.txt"), "# wanted\nid-1\n\n id-2 \n");
        ThawRequest r = parse("{\"vault\":\"photos\",\"select\":{\"idsFile\":\"ids.txt\"}}");
        Selection s = SelectionReader.resolveIds(r.selection(), inbox);
        ArchiveFilter f = s.toFilter();
        assertTrue(f.matches(new InventoryItem("id-2", "", null, 1, "h")));
        assertTrue(!f.matches(new InventoryItem("id-3", "", null, 1, "h")));
        RequestRejectedException missing = assertThrows(RequestRejectedException.class, () -> SelectionReader.resolveIds(
                parse("{\"vault\":\"photos\",\"select\":{\"idsFile\":\"nope.txt\"}}").selection(), inbox));
        assertTrue(missing.getMessage().contains("not in the inbox"), missing.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        nothing selected   | {"vault":"v","select":{}}                                                   | select names no archives: add "all": true
        glob and regex     | {"vault":"v","select":{"descriptionGlob":"a","descriptionRegex":"b"}}      | both given: use one
        bad regex          | {"vault":"v","select":{"descriptionRegex":"("}}                             | not a valid Java regular expression
        sizes swapped      | {"vault":"v","select":{"minSize":10,"maxSize":1}}                           | larger than select.maxSize (1): no archive can match
        bad date           | {"vault":"v","select":{"all":true,"createdAfter":"2019-01-01"}}             | is not a UTC time: write it like "2019-01-31T00:00:00Z"
        ids outside inbox  | {"vault":"v","select":{"idsFile":"../etc/ids"}}                             | is outside the inbox
        unknown inventory  | {"vault":"v","select":{"all":true,"inventory":"yesterday"}}                 | neither "latest"
        unknown key        | {"vault":"v","select":{"all":true,"dryrun":true}}                           | did you mean "dryRun"?
        with archives      | {"vault":"v","archives":["a"],"select":{"all":true}}                        | archives and select are both given
        with name          | {"vault":"v","name":"x","select":{"all":true}}                              | name is not allowed with select
        inventory job      | {"vault":"v","job":{"Type":"inventory-retrieval"},"select":{"all":true}}    | with select, job may only give archive-retrieval settings
        negative max       | {"vault":"v","select":{"all":true,"maxArchives":-1}}                        | select.maxArchives must be a whole number
        """)
    void refusedWithItsOwnMessage(String what, String json, String expected) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }
}
