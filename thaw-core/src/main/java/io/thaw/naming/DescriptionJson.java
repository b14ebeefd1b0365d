package io.thaw.naming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON reader of the description formats that carry JSON (CloudBerry, mt-aws-glacier). Jackson is
 * loaded only when a description is JSON: building an ObjectMapper loads some 400 classes, a tenth of
 * {@code thaw fetch}'s start-up for an archive whose description is a plain path.
 */
final class DescriptionJson {

    private DescriptionJson() {
    }

    /** The parsed tree, or null when the text is not JSON. */
    static JsonNode read(String text) {
        try {
            return Mapper.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper(); // built on first use (holder idiom)
    }
}
