package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.glacier.TreeHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobInput;

/** Inventory-retrieval jobs: JSON and CSV (Glacier's backslash quoting), date filters, Limit/Marker paging. */
class SandboxInventoryTest {

    static final String TRICKY = "my archive description,1\\\"2 and \"quoted\", back\\slash";
    static Sandbox sandbox;
    static GlacierClient glacier;
    static final List<String> ids = new ArrayList<>();
    static final List<byte[]> bodies = new ArrayList<>();
    static Instant afterSecond;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Standard=1h,Bulk=1h,Expedited=1h"));
        glacier = Clients.glacier(sandbox);
        glacier.createVault(b -> b.vaultName("inv"));
        String[] descriptions = {TRICKY, "plain", null, "comma, only", "last"};
        for (int i = 0; i < descriptions.length; i++) {
            byte[] data = Clients.data(1000 + i, i);
            String d = descriptions[i];
            ids.add(glacier.uploadArchive(b -> b.vaultName("inv").checksum(TreeHash.of(data)).archiveDescription(d),
                    RequestBody.fromBytes(data)).archiveId());
            bodies.add(data);
            Thread.sleep(5); // distinct creation dates
            if (i == 1) {
                afterSecond = Instant.now();
                Thread.sleep(5);
            }
        }
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sandbox.close();
    }

    private static String output(String jobId) {
        sandbox.completeJob(jobId);
        return glacier.getJobOutputAsBytes(b -> b.vaultName("inv").jobId(jobId)).asString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonInventoryListsEveryArchive() throws Exception {
        String jobId = glacier.initiateJob(b -> b.vaultName("inv").jobParameters(p -> p.type("inventory-retrieval"))).jobId();
        var out = glacier.getJobOutputAsBytes(b -> b.vaultName("inv").jobId(completed(jobId)));
        assertEquals("application/json", out.response().contentType());
        assertNull(out.response().checksum(), "no tree hash header on inventory output");
        String json = out.asString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"VaultARN\":\"arn:aws:glacier:us-east-1:123456789012:vaults/inv\",\"InventoryDate\":\""),
                json);
        assertTrue(!json.contains("\n"), "compact, single line");
        JsonNode list = new ObjectMapper().readTree(json).get("ArchiveList");
        assertEquals(5, list.size());
        for (int i = 0; i < 5; i++) {
            JsonNode a = list.get(i);
            assertEquals(ids.get(i), a.get("ArchiveId").asText());
            assertEquals(bodies.get(i).length, a.get("Size").asLong());
            assertEquals(TreeHash.of(bodies.get(i)), a.get("SHA256TreeHash").asText());
        }
        assertEquals(TRICKY, list.get(0).get("ArchiveDescription").asText());
        assertTrue(new ObjectMapper().readTree(json).get("InventoryDate").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        var d = glacier.describeJob(b -> b.vaultName("inv").jobId(jobId));
        assertEquals("InventoryRetrieval", d.actionAsString());
        assertEquals((long) json.getBytes(StandardCharsets.UTF_8).length, d.inventorySizeInBytes());
        assertEquals("JSON", d.inventoryRetrievalParameters().format());
        assertNull(d.inventoryRetrievalParameters().marker());
        assertNull(d.sha256TreeHash());
        assertNull(d.archiveId());
        assertTrue(glacier.describeVault(b -> b.vaultName("inv")).lastInventoryDate() != null);
    }

    private static String completed(String jobId) {
        sandbox.completeJob(jobId);
        return jobId;
    }

    @Test
    void csvInventoryQuotesWithBackslashes() {
        String jobId = glacier.initiateJob(b -> b.vaultName("inv").jobParameters(p -> p.type("inventory-retrieval")
                .format("CSV"))).jobId();
        var out = glacier.getJobOutputAsBytes(b -> b.vaultName("inv").jobId(completed(jobId)));
        assertEquals("text/csv", out.response().contentType());
        String[] lines = out.asString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(7, lines.length, "header, five rows, and the empty string after the final \\n");
        assertEquals("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash", lines[0]);
        assertEquals("", lines[6]);
        String row0 = lines[1];
        assertTrue(row0.startsWith(ids.get(0) + ",\"my archive description,1\\\\\"2 and \\\"quoted\\\", back\\slash\","), row0);
        assertTrue(row0.endsWith("," + bodies.get(0).length + "," + TreeHash.of(bodies.get(0))), row0);
        assertTrue(lines[2].startsWith(ids.get(1) + ",plain,"), lines[2]);
        assertTrue(lines[3].startsWith(ids.get(2) + ",,"), lines[3]);
        assertTrue(lines[4].startsWith(ids.get(3) + ",\"comma, only\","), lines[4]);
        assertEquals("CSV", glacier.describeJob(b -> b.vaultName("inv").jobId(jobId)).inventoryRetrievalParameters().format());
    }

    @Test
    void limitAndMarkerPageThroughTheInventory() throws Exception {
        List<String> seen = new ArrayList<>();
        String marker = null;
        int jobs = 0;
        do {
            String m = marker;
            String jobId = glacier.initiateJob(b -> b.vaultName("inv").jobParameters(p -> p.type("inventory-retrieval")
                    .inventoryRetrievalParameters(InventoryRetrievalJobInput.builder().limit("2").marker(m).build()))).jobId();
            JsonNode list = new ObjectMapper().readTree(output(jobId)).get("ArchiveList");
            assertTrue(list.size() <= 2);
            list.forEach(a -> seen.add(a.get("ArchiveId").asText()));
            var params = glacier.describeJob(b -> b.vaultName("inv").jobId(jobId)).inventoryRetrievalParameters();
            assertEquals("2", params.limit());
            marker = params.marker();
            jobs++;
        } while (marker != null);
        assertEquals(ids, seen);
        assertEquals(3, jobs);
    }

    @Test
    void startAndEndDatesFilterOnCreationDate() throws Exception {
        String from = afterSecond.toString();
        String jobId = glacier.initiateJob(b -> b.vaultName("inv").jobParameters(p -> p.type("inventory-retrieval")
                .inventoryRetrievalParameters(InventoryRetrievalJobInput.builder().startDate(from).build()))).jobId();
        JsonNode list = new ObjectMapper().readTree(output(jobId)).get("ArchiveList");
        assertEquals(ids.subList(2, 5), ids(list));
        String endJob = glacier.initiateJob(b -> b.vaultName("inv").jobParameters(p -> p.type("inventory-retrieval")
                .inventoryRetrievalParameters(InventoryRetrievalJobInput.builder().endDate(from).build()))).jobId();
        assertEquals(ids.subList(0, 2), ids(new ObjectMapper().readTree(output(endJob)).get("ArchiveList")));
        assertEquals(from, glacier.describeJob(b -> b.vaultName("inv").jobId(endJob)).inventoryRetrievalParameters().endDate());
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(a -> out.add(a.get("ArchiveId").asText()));
        return out;
    }

    @Test
    void csvFieldQuotingRules() {
        assertEquals("plain", InventoryWriter.csvField("plain"));
        assertEquals("\"a,b\"", InventoryWriter.csvField("a,b"));
        assertEquals("\"my archive description,1\\\"2\"", InventoryWriter.csvField("my archive description,1\"2"));
        assertEquals("\"my archive description,1\\\\\"2\"", InventoryWriter.csvField("my archive description,1\\\"2"));
        assertEquals("back\\slash", InventoryWriter.csvField("back\\slash"));
    }
}
