package io.thaw.inventory;

/**
 * Writes CSV the way Glacier documents it, for round-trip tests: a field containing a comma, quote or
 * line break is quoted; inside quotes '"' becomes '\"' and backslashes are left alone.
 */
final class GlacierCsv {

    private GlacierCsv() {
    }

    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return "\"" + value.replace("\"", "\\\"") + "\"";
    }

    static String row(InventoryItem it) {
        return it.archiveId() + "," + field(it.description()) + "," + it.creationDate() + "," + it.size() + "," + it.treeHash();
    }
}
