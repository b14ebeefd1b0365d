package io.thaw.inventory;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the archives of a Glacier vault inventory, JSON or CSV (detected from the first byte), one
 * item at a time: memory stays flat however many millions of archives the inventory lists.
 *
 * <pre>
 * try (InventoryReader r = InventoryReader.open(in)) {
 *     for (InventoryItem it : r) { … }        // or: while ((it = r.next()) != null)
 * }
 * </pre>
 *
 * A malformed row throws {@link MalformedInventoryException} with its line number; if it is
 * {@link MalformedInventoryException#skippable() skippable}, calling {@link #next()} again continues
 * with the next row. The for-each form wraps it in {@link UncheckedIOException} and so stops there.
 */
public abstract class InventoryReader implements Iterable<InventoryItem>, Closeable {

    private static final int UTF8_BOM_LENGTH = 3;

    /**
     * Detects the format and positions the reader on the first archive. Closing the reader closes
     * {@code in}.
     *
     * @throws MalformedInventoryException the input is empty or neither JSON nor a Glacier CSV inventory
     */
    public static InventoryReader open(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        int first = firstSignificantByte(b);
        if (first < 0) {
            b.close();
            throw new MalformedInventoryException("the inventory is empty: expected a JSON object or the CSV header"
                    + " ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash — the download was probably cut"
                    + " short; retrieve it again", 1, false);
        }
        try {
            return first == '{' ? new JsonInventoryReader(b) : new CsvInventoryReader(b);
        } catch (IOException | RuntimeException e) {
            b.close(); // the caller gets no reader to close
            throw e;
        }
    }

    /** First byte that is not white space or a UTF-8 byte-order mark; the stream is left after the BOM. */
    private static int firstSignificantByte(BufferedInputStream b) throws IOException {
        b.mark(UTF8_BOM_LENGTH);
        if (b.read() == 0xEF && b.read() == 0xBB && b.read() == 0xBF) {
            // BOM consumed: neither parser wants it
        } else {
            b.reset();
        }
        int limit = 1 << 15;
        b.mark(limit + 1);
        int c;
        int n = 0;
        do {
            c = b.read();
            n++;
        } while ((c == ' ' || c == '\t' || c == '\r' || c == '\n') && n < limit);
        b.reset();
        return c;
    }

    /** "JSON" or "CSV". */
    public abstract String format();

    /**
     * The next archive, or null at the end of the inventory.
     *
     * @throws MalformedInventoryException a bad row (see {@link MalformedInventoryException#skippable()})
     */
    public abstract InventoryItem next() throws IOException;

    /**
     * VaultARN of a JSON inventory. Glacier writes it before ArchiveList, but JSON key order is not
     * guaranteed: when ArchiveList comes first, this is null until {@link #next()} has returned null.
     * Always null for CSV, which has no header fields.
     */
    public String vaultArn() {
        return null;
    }

    /** InventoryDate of a JSON inventory; same availability rules as {@link #vaultArn()}. */
    public Instant inventoryDate() {
        return null;
    }

    /** Single pass: the items are read from the stream as the iterator advances. */
    @Override
    public Iterator<InventoryItem> iterator() {
        return new Iterator<>() {
            private InventoryItem ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = InventoryReader.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ahead != null;
            }

            @Override
            public InventoryItem next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                InventoryItem it = ahead;
                ahead = null;
                return it;
            }
        };
    }
}
