package io.thaw.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.thaw.plan.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the envelope's {@code "select"} object: a whole-vault (or filtered) retrieval run.
 * <pre>
 * "select": {"all": true, "descriptionGlob": "photos/2019/*", "descriptionRegex": "…", "minSize": 1,
 *            "maxSize": 1000000, "createdAfter": "2019-01-01T00:00:00Z", "createdBefore": "…",
 *            "idsFile": "ids.txt", "maxArchives": 100, "dryRun": true,
 *            "inventory": "latest" | "retrieve", "inventoryPageSize": 10000, "maxCost": 250.00}
 * </pre>
 * {@code idsFile} is relative to the inbox (and may not leave it), so a request cannot read other files.
 */
final class SelectionReader {

    static final List<String> FIELDS = List.of("all", "descriptionGlob", "descriptionRegex", "minSize", "maxSize",
            "createdAfter", "createdBefore", "idsFile", "maxArchives", "dryRun", "inventory", "inventoryPageSize", "maxCost");

    private SelectionReader() {
    }

    static Selection read(JsonNode v) throws RequestRejectedException {
        if (!v.isObject()) {
            throw new RequestRejectedException("select must be an object such as {\"all\": true}, not " + JsonFields.kind(v));
        }
        JsonFields.rejectUnknown(v, "select", FIELDS, null);
        boolean all = bool(v, "all");
        String glob = JsonFields.optionalText(v, "select", "descriptionGlob");
        String regex = JsonFields.optionalText(v, "select", "descriptionRegex");
        if (glob != null && regex != null) {
            throw new RequestRejectedException("select.descriptionGlob and select.descriptionRegex are both given: use one");
        }
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new RequestRejectedException("select.descriptionRegex is not a valid Java regular expression: "
                        + e.getDescription() + " at index " + e.getIndex());
            }
        }
        Long minSize = number(v, "minSize");
        Long maxSize = number(v, "maxSize");
        if (minSize != null && maxSize != null && minSize > maxSize) {
            throw new RequestRejectedException("select.minSize (" + minSize + ") is larger than select.maxSize (" + maxSize
                    + "): no archive can match — swap them");
        }
        String after = instant(v, "createdAfter");
        String before = instant(v, "createdBefore");
        String idsFile = idsFile(JsonFields.optionalText(v, "select", "idsFile"));
        Long max = number(v, "maxArchives");
        String inventory = JsonFields.optionalText(v, "select", "inventory");
        if (inventory != null && !inventory.equals(Selection.LATEST) && !inventory.equals(Selection.RETRIEVE)) {
            throw new RequestRejectedException("select.inventory \"" + GlacierNames.printable(inventory) + "\" is neither"
                    + " \"latest\" (the newest delivered inventory) nor \"retrieve\" (retrieve a fresh one first)");
        }
        Long pageSize = number(v, "inventoryPageSize");
        boolean filtered = glob != null || regex != null || minSize != null || maxSize != null || after != null
                || before != null || idsFile != null;
        if (!all && !filtered) {
            throw new RequestRejectedException("select names no archives: add \"all\": true for the whole vault, or a"
                    + " filter (descriptionGlob, descriptionRegex, minSize, maxSize, createdAfter, createdBefore, idsFile)");
        }
        return new Selection(glob, regex, minSize, maxSize, after, before, idsFile, max == null ? 0 : max,
                bool(v, "dryRun"), inventory == null ? Selection.LATEST : inventory,
                pageSize == null ? 0 : (int) Math.min(Integer.MAX_VALUE, pageSize), maxCost(v));
    }

    /** The run's budget in USD: a plain positive number. */
    private static java.math.BigDecimal maxCost(JsonNode v) throws RequestRejectedException {
        JsonNode n = v.get("maxCost");
        if (n == null) {
            return null;
        }
        if (!n.isNumber() || n.decimalValue().signum() <= 0) {
            throw new RequestRejectedException("select.maxCost must be a positive amount in USD such as 250 or 12.50,"
                    + " not " + (n.isNumber() ? n.asText() : JsonFields.kind(n)));
        }
        return n.decimalValue();
    }

    private static boolean bool(JsonNode v, String field) throws RequestRejectedException {
        JsonNode b = v.get(field);
        if (b == null) {
            return false;
        }
        if (!b.isBoolean()) {
            throw new RequestRejectedException("select." + field + " must be true or false, not " + JsonFields.kind(b));
        }
        return b.booleanValue();
    }

    private static Long number(JsonNode v, String field) throws RequestRejectedException {
        JsonNode n = v.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || n.longValue() < 0) {
            throw new RequestRejectedException("select." + field + " must be a whole number of at least 0 (bytes for"
                    + " sizes), not " + (n.isNumber() ? n.asText() : JsonFields.kind(n)));
        }
        return n.longValue();
    }

    private static String instant(JsonNode v, String field) throws RequestRejectedException {
        String t = JsonFields.optionalText(v, "select", field);
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t).toString();
        } catch (DateTimeParseException e) {
            throw new RequestRejectedException("select." + field + " \"" + GlacierNames.printable(t) + "\" is not a UTC"
                    + " time: write it like \"2019-01-31T00:00:00Z\"");
        }
    }

    /** Checked here for shape only; RequestHandler resolves it against the inbox and checks it exists. */
    private static String idsFile(String name) throws RequestRejectedException {
        if (name == null) {
            return null;
        }
        Path p = Path.of(name.replace('\\', '/'));
        if (name.contains("..") || p.isAbsolute() || name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new RequestRejectedException("select.idsFile \"" + GlacierNames.printable(name) + "\" is outside the"
                    + " inbox: give a path relative to the inbox, e.g. \"ids/photos.txt\"");
        }
        return name;
    }

    /** The selection with its idsFile resolved in the inbox; rejected when the file is not there. */
    static Selection resolveIds(Selection s, Path inbox) throws RequestRejectedException {
        if (s.idsFile() == null) {
            return s;
        }
        Path file = inbox.toAbsolutePath().normalize().resolve(s.idsFile()).normalize();
        if (!Files.isReadable(file)) {
            throw new RequestRejectedException("select.idsFile " + GlacierNames.printable(s.idsFile()) + " is not in the"
                    + " inbox: put the id list there (one archive id per line, not named *.json), then drop the request"
                    + " again");
        }
        return new Selection(s.descriptionGlob(), s.descriptionRegex(), s.minSize(), s.maxSize(), s.createdAfter(),
                s.createdBefore(), file.toString(), s.maxArchives(), s.dryRun(), s.inventory(), s.inventoryPageSize(),
                s.maxCost());
    }
}
