package io.thaw.naming;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * CloudBerry (MSP360) descriptions: JSON {@code {"Path":"…","UTCDateModified":"yyyyMMddTHHmmssZ","Flags":n}},
 * sometimes double encoded as a JSON string that holds the JSON. Keys are matched ignoring case
 * ({@code "path"} occurs in the wild). CloudBerry documents Path as UTF-7 encoded, so well-formed
 * UTF-7 shifts such as {@code +AF8-} are decoded (see {@link Utf7}).
 */
final class CloudBerryDescription {

    private CloudBerryDescription() {
    }

    /** The parse, or null when the description is not JSON (then it is plain text). */
    static ParsedDescription parse(String description) {
        if (!(description.startsWith("{") || description.startsWith("\"") && description.contains("{"))) {
            return null;
        }
        JsonNode node = read(description);
        if (node != null && node.isTextual()) {
            node = read(node.textValue().trim()); // double encoded: a JSON string holding JSON
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode path = field(node, "Path");
        if (path == null) {
            return ParsedDescription.unparsable("JSON description has no \"Path\" field");
        }
        if (!path.isTextual()) {
            return ParsedDescription.unparsable("JSON description's \"Path\" is not a string");
        }
        JsonNode modified = field(node, "UTCDateModified");
        return ParsedDescription.of(Format.CLOUDBERRY, Utf7.decodeLenient(path.textValue()),
                GlacierTimestamp.parse(modified != null && modified.isTextual() ? modified.textValue() : null));
    }

    private static JsonNode read(String text) {
        return DescriptionJson.read(text);
    }

    private static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
