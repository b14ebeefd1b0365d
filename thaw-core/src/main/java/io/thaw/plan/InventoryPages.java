package io.thaw.plan;

import io.thaw.inventory.InventoryItem;
import io.thaw.inventory.InventoryReader;
import io.thaw.inventory.MalformedInventoryException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams the archives of an inventory delivered in one or more pages (Limit/Marker), page after
 * page, skipping rows the reader marks skippable. Nothing is held beyond the current row.
 */
final class InventoryPages {

    @FunctionalInterface
    interface ItemSink {
        void accept(InventoryItem item) throws IOException;
    }

    private InventoryPages() {
    }

    /** Returns the number of malformed rows skipped. */
    static long forEach(List<Path> pages, ItemSink sink) throws IOException {
        long skipped = 0;
        for (Path page : pages) {
            try (InventoryReader r = InventoryReader.open(Files.newInputStream(page))) {
                while (true) {
                    InventoryItem it;
                    try {
                        it = r.next();
                    } catch (MalformedInventoryException e) {
                        if (!e.skippable()) {
                            throw e;
                        }
                        skipped++;
                        continue;
                    }
                    if (it == null) {
                        break;
                    }
                    sink.accept(it);
                }
            }
        }
        return skipped;
    }

    /** A delivered location ({@code file:} URI) as a local path; other destinations cannot be re-read. */
    static Path local(String location, String vault) {
        if (location == null || !location.startsWith("file:")) {
            throw new IllegalStateException("the inventory of vault '" + vault + "' was delivered to " + location
                    + ", which thaw cannot read back — deliver inventories to a folder (thaw.runs.inventory-folder),"
                    + " or pass --inventory FILE");
        }
        return Path.of(URI.create(location));
    }
}
