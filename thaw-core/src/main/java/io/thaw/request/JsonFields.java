package io.thaw.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Strict field access on a parsed request object: unknown keys, nulls and wrong types are rejected
 * with the dotted path of the field (job.Tier) instead of being silently ignored.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** "job" + "Tier" → "job.Tier"; the bare CLI file has no prefix. */
    static String path(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    /** Rejects the first key not in {@code allowed}, suggesting the intended one when it is a near miss. */
    static void rejectUnknown(JsonNode object, String prefix, List<String> allowed, String hint)
            throws RequestRejectedException {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                String near = nearest(key, allowed);
                throw new RequestRejectedException("unknown field " + path(prefix, GlacierNames.printable(key)) + ": "
                        + (near != null ? "did you mean \"" + near + "\"? " : "")
                        + (prefix.isEmpty() ? "the allowed fields are " : prefix + " allows ") + String.join(", ", allowed)
                        + (hint == null ? "" : " — " + hint));
            }
        }
    }

    /** A string field: null when absent; rejected when null, empty or not a string. */
    static String optionalText(JsonNode object, String prefix, String field) throws RequestRejectedException {
        JsonNode v = object.get(field);
        if (v == null) {
            return null;
        }
        String where = path(prefix, field);
        if (v.isNull()) {
            throw new RequestRejectedException(where + " is null: give a string or leave the field out");
        }
        if (!v.isTextual()) {
            throw new RequestRejectedException(where + " must be a string, not " + kind(v)
                    + " — write it in double quotes, e.g. \"" + where.substring(where.lastIndexOf('.') + 1) + "\": \"…\"");
        }
        if (v.textValue().isEmpty()) {
            throw new RequestRejectedException(where + " is empty: give a value or leave the field out");
        }
        return v.textValue();
    }

    static String kind(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return "the boolean " + v.asText();
        }
        if (v.isNull()) {
            return "null";
        }
        return "a string";
    }

    /** Case-insensitive match or at most two edits away: catches "tier" and "Teir" alike. */
    static String nearest(String key, List<String> allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(key)) {
                return a;
            }
        }
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return best;
    }

    /** Names more than two edits apart are not offered as "did you mean". */
    private static int distance(String a, String b) {
        return Math.abs(a.length() - b.length()) > 2 ? 3 : io.thaw.config.EditDistance.of(a, b);
    }
}
