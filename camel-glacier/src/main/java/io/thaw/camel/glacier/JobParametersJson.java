package io.thaw.camel.glacier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobInput;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * Reads the JSON that {@code aws glacier initiate-job --job-parameters} takes
 * ({@code {"Type":"archive-retrieval","ArchiveId":"…","Tier":"Bulk"}}), so a job written for the CLI can be
 * the body of an initiateJob exchange. Unknown keys are refused by name, not ignored.
 */
final class JobParametersJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("Type", "ArchiveId", "Description", "SNSTopic", "RetrievalByteRange",
            "Tier", "Format", "InventoryRetrievalParameters");
    private static final Set<String> INVENTORY_KEYS = Set.of("StartDate", "EndDate", "Limit", "Marker");

    private JobParametersJson() {
    }

    static JobParameters read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("initiateJob body is not JSON job parameters (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("initiateJob body must be a JSON object of job parameters, as for"
                    + " aws glacier initiate-job --job-parameters");
        }
        unknown(root, KEYS, "job parameters");
        String type = text(root, "Type");
        if (type == null) {
            throw new IllegalArgumentException("initiateJob job parameters lack Type: archive-retrieval or"
                    + " inventory-retrieval");
        }
        type = type.toLowerCase(Locale.ROOT);
        if (!type.equals("archive-retrieval") && !type.equals("inventory-retrieval")) {
            throw new IllegalArgumentException("initiateJob job parameters have Type '" + type + "': this component"
                    + " starts archive-retrieval and inventory-retrieval jobs");
        }
        JobParameters.Builder b = JobParameters.builder().type(type).archiveId(text(root, "ArchiveId"))
                .description(text(root, "Description")).snsTopic(text(root, "SNSTopic"))
                .retrievalByteRange(text(root, "RetrievalByteRange")).tier(text(root, "Tier")).format(text(root, "Format"));
        JsonNode inv = root.get("InventoryRetrievalParameters");
        if (inv != null && !inv.isNull()) {
            if (!inv.isObject()) {
                throw new IllegalArgumentException("InventoryRetrievalParameters must be an object");
            }
            unknown(inv, INVENTORY_KEYS, "InventoryRetrievalParameters");
            b.inventoryRetrievalParameters(InventoryRetrievalJobInput.builder().startDate(text(inv, "StartDate"))
                    .endDate(text(inv, "EndDate")).limit(text(inv, "Limit")).marker(text(inv, "Marker")).build());
        }
        if (type.equals("archive-retrieval") && text(root, "ArchiveId") == null) {
            throw new IllegalArgumentException("initiateJob job parameters of Type archive-retrieval lack ArchiveId");
        }
        return b.build();
    }

    private static void unknown(JsonNode o, Set<String> known, String what) {
        List<String> bad = new ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                bad.add(k);
            }
        });
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("initiateJob " + what + " have unknown key(s) " + bad + "; known: "
                    + new java.util.TreeSet<>(known));
        }
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
