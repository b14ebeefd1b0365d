package io.thaw.sandbox;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a vault inventory to a file, streaming one archive at a time.
 *
 * <p>JSON: compact, {@code {"VaultARN","InventoryDate","ArchiveList":[…]}} as real Glacier sends.
 * CSV: a header row, {@code \n} line ends; a field containing a comma or a quote is quoted and its
 * quotes escaped with a BACKSLASH (not doubled: this is Glacier's rule, not RFC 4180); backslashes
 * themselves are left alone.
 */
final class InventoryWriter {

    private static final DateTimeFormatter NO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private InventoryWriter() {
    }

    static void write(Path file, String format, String vaultArn, Instant inventoryDate,
                      List<VaultStore.Archive> archives) throws IOException {
        if ("CSV".equals(format)) {
            csv(file, archives);
        } else {
            json(file, vaultArn, inventoryDate, archives);
        }
    }

    private static void json(Path file, String vaultArn, Instant date, List<VaultStore.Archive> archives)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = Replies.JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("VaultARN", vaultArn);
            g.writeStringField("InventoryDate", NO_MILLIS.format(date));
            g.writeArrayFieldStart("ArchiveList");
            for (VaultStore.Archive a : archives) {
                g.writeStartObject();
                g.writeStringField("ArchiveId", a.id());
                g.writeStringField("ArchiveDescription", a.description() == null ? "" : a.description());
                g.writeStringField("CreationDate", Replies.iso(a.created()));
                g.writeNumberField("Size", a.size());
                g.writeStringField("SHA256TreeHash", a.treeHash());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void csv(Path file, List<VaultStore.Archive> archives) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n");
            for (VaultStore.Archive a : archives) {
                w.write(csvField(a.id()) + "," + csvField(a.description() == null ? "" : a.description()) + ","
                        + Replies.iso(a.created()) + "," + a.size() + "," + a.treeHash() + "\n");
            }
        }
    }

    /** Glacier's CSV quoting: quote when a comma or quote occurs; escape quotes with a backslash. */
    static String csvField(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0) {
            return v;
        }
        return "\"" + v.replace("\"", "\\\"") + "\"";
    }
}
