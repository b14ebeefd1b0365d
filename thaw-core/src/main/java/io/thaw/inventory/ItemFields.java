package io.thaw.inventory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Checks the five fields of an inventory row, the same way for JSON and CSV. */
final class ItemFields {


    private ItemFields() {
    }

    /** @throws IllegalArgumentException naming the field and what is wrong with it */
    static InventoryItem item(String archiveId, String description, String creationDate, long size, String treeHash) {
        if (archiveId == null || archiveId.isEmpty()) {
            throw new IllegalArgumentException("ArchiveId is missing");
        }
        if (!isId(archiveId)) {
            throw new IllegalArgumentException("ArchiveId \"" + cut(archiveId) + "\" has characters other than A-Z a-z 0-9 _ -");
        }
        if (creationDate == null) {
            throw new IllegalArgumentException("CreationDate is missing");
        }
        Instant created;
        try {
            created = UtcTimestamps.parse(creationDate);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("CreationDate \"" + cut(creationDate) + "\" is not an ISO-8601 date-time");
        }
        if (size < 0) {
            throw new IllegalArgumentException("Size " + size + " is negative");
        }
        if (treeHash == null) {
            throw new IllegalArgumentException("SHA256TreeHash is missing");
        }
        if (!isHex64(treeHash)) {
            throw new IllegalArgumentException("SHA256TreeHash \"" + cut(treeHash) + "\" is not 64 hex digits");
        }
        return new InventoryItem(archiveId, description == null ? "" : description, created, size,
                treeHash.toLowerCase(Locale.ROOT));
    }

    // Hand-written character checks: run for every one of millions of rows, where regex costs show.
    private static boolean isId(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    static long size(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Size is missing");
        }
        if (text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
