package io.thaw.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * JSON inventory through Jackson's streaming parser: the document is never built, only the current
 * archive object. Header fields (VaultARN, InventoryDate) are read wherever they appear.
 */
final class JsonInventoryReader extends InventoryReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final JsonParser p;
    private String vaultArn;
    private Instant inventoryDate;
    private boolean inList;
    private boolean sawList;
    private boolean done;
    private long index;
    private MalformedInventoryException fatal;

    JsonInventoryReader(InputStream in) throws IOException {
        p = FACTORY.createParser(in);
        guard(() -> {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fatal("a JSON inventory is an object {\"VaultARN\": …, \"ArchiveList\": […]}");
            }
            readHeaderFields();
        });
    }

    @Override
    public String format() {
        return "JSON";
    }

    @Override
    public String vaultArn() {
        return vaultArn;
    }

    @Override
    public Instant inventoryDate() {
        return inventoryDate;
    }

    @Override
    public InventoryItem next() throws IOException {
        if (fatal != null) {
            throw fatal;
        }
        InventoryItem[] out = new InventoryItem[1];
        guard(() -> {
            while (!done) {
                if (!inList) {
                    readHeaderFields();
                    continue;
                }
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    inList = false;
                } else if (t == JsonToken.START_OBJECT) {
                    out[0] = readItem();
                    return;
                } else {
                    throw fatal("ArchiveList holds " + t + " where an archive object {…} was expected");
                }
            }
        });
        return out[0];
    }

    /** Reads top-level fields until ArchiveList opens (inList) or the document ends (done). */
    private void readHeaderFields() throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "VaultARN" -> vaultArn = v == JsonToken.VALUE_NULL ? null : p.getText();
                case "InventoryDate" -> inventoryDate = date(v);
                case "ArchiveList" -> {
                    if (sawList) {
                        throw fatal("ArchiveList appears twice");
                    }
                    sawList = true;
                    if (v == JsonToken.START_ARRAY) {
                        inList = true;
                        return;
                    }
                    if (v != JsonToken.VALUE_NULL) {
                        throw fatal("ArchiveList is " + v + ", not an array");
                    }
                }
                default -> p.skipChildren(); // unknown header field: forward compatible
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw fatal("unexpected " + t + " in the inventory object");
        }
        if (p.nextToken() != null) {
            throw fatal("more data follows the end of the inventory object");
        }
        if (!sawList) {
            throw fatal("the inventory has no ArchiveList");
        }
        done = true;
    }

    private Instant date(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        try {
            return OffsetDateTime.parse(p.getText()).toInstant();
        } catch (DateTimeParseException e) {
            throw fatal("InventoryDate \"" + ItemFields.cut(p.getText()) + "\" is not an ISO-8601 date-time");
        }
    }

    /** At START_OBJECT of one archive: consumes it whole, so a bad item can be skipped. */
    private InventoryItem readItem() throws IOException {
        index++;
        long line = p.currentTokenLocation().getLineNr();
        long column = p.currentTokenLocation().getColumnNr();
        String id = null;
        String description = null;
        String created = null;
        String hash = null;
        long size = -1;
        String problem = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            boolean text = v == JsonToken.VALUE_STRING;
            switch (name) {
                case "ArchiveId" -> id = text ? p.getText() : null;
                case "ArchiveDescription" -> description = text ? p.getText() : null;
                case "CreationDate" -> created = text ? p.getText() : null;
                case "SHA256TreeHash" -> hash = text ? p.getText() : null;
                case "Size" -> {
                    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        size = p.getLongValue();
                    } else if (v != JsonToken.VALUE_NULL && problem == null) {
                        problem = "Size " + (v.isScalarValue() ? ItemFields.cut(p.getText()) : "(" + v + ")")
                                + " is not a whole number of bytes";
                    }
                }
                default -> {
                    // unknown item field: forward compatible
                }
            }
            if (!text && v != JsonToken.VALUE_NULL && isItemField(name) && problem == null) {
                problem = name + " is " + v + ", not a string";
            }
            p.skipChildren(); // no-op for scalars; consumes a nested value so the item stays skippable
        }
        String where = "archive #" + index + " of ArchiveList (line " + line + ", column " + column + "): ";
        if (problem == null && size < 0) {
            problem = "Size is missing";
        }
        if (problem != null) {
            throw new MalformedInventoryException(where + problem, line, true);
        }
        try {
            return ItemFields.item(id, description, created, size, hash);
        } catch (IllegalArgumentException e) {
            throw new MalformedInventoryException(where + e.getMessage(), line, true);
        }
    }

    private static boolean isItemField(String name) {
        return name.equals("ArchiveId") || name.equals("ArchiveDescription") || name.equals("CreationDate")
                || name.equals("SHA256TreeHash");
    }

    private MalformedInventoryException fatal(String what) {
        long line = p.currentTokenLocation().getLineNr();
        return new MalformedInventoryException("JSON inventory, line " + line + ", column "
                + p.currentTokenLocation().getColumnNr() + ": " + what, line, false);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** Any failure of the document itself is final: remembered and thrown again on every later call. */
    private void guard(Step step) throws IOException {
        try {
            step.run();
        } catch (MalformedInventoryException e) {
            if (!e.skippable()) {
                fatal = e;
            }
            throw e;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n")[0];
            int noise = what.indexOf(" (start marker at");
            fatal = new MalformedInventoryException("JSON inventory is not valid JSON at line " + line + ", column "
                    + (e.getLocation() == null ? 0 : e.getLocation().getColumnNr()) + ": "
                    + (noise > 0 ? what.substring(0, noise) : what) + " — the file is damaged or was cut short",
                    line, false, e);
            throw fatal;
        }
    }

    @Override
    public void close() throws IOException {
        p.close();
    }
}
