package io.thaw.inventory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks the five fields of an inventory row, the same way for JSON and CSV. */
final class ItemFields {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private ItemFields() {
    }

    /** @throws IllegalArgumentException naming the field and what is wrong with it */
    static InventoryItem item(String archiveId, String description, String creationDate, long size, String treeHash) {
        if (archiveId == null || archiveId.isEmpty()) {
            throw new IllegalArgumentException("ArchiveId is missing");
        }
        if (!ID.matcher(archiveId).matches()) {
            throw new IllegalArgumentException("ArchiveId \"" + cut(archiveId) + "\" has characters other than A-Z a-z 0-9 _ -");
        }
        if (creationDate == null) {
            throw new IllegalArgumentException("CreationDate is missing");
        }
        Instant created;
        try {
            created = OffsetDateTime.parse(creationDate).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("CreationDate \"" + cut(creationDate) + "\" is not an ISO-8601 date-time");
        }
        if (size < 0) {
            throw new IllegalArgumentException("Size " + size + " is negative");
        }
        if (treeHash == null) {
            throw new IllegalArgumentException("SHA256TreeHash is missing");
        }
        if (!HASH.matcher(treeHash).matches()) {
            throw new IllegalArgumentException("SHA256TreeHash \"" + cut(treeHash) + "\" is not 64 hex digits");
        }
        return new InventoryItem(archiveId, description == null ? "" : description, created, size,
                treeHash.toLowerCase(Locale.ROOT));
    }

    static long size(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Size is missing");
        }
        if (!DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException("Size \"" + cut(text) + "\" is not a whole number of bytes");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Size " + text + " is too large");
        }
    }

    /** Values quoted in messages: bounded, control characters made visible. */
    static String cut(String s) {
        String c = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return c.replace("\r", "\\r").replace("\n", "\\n").replaceAll("\\p{Cntrl}", "?");
    }
}
