package io.thaw.retire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The owner's evidence of what left the vault: every archive a retire deleted, with size, tree hash,
 * where its verified copy is, when that copy was re-verified and when Glacier deleted the archive.
 * Written as {@code <retire>-manifest.csv} and {@code .json} in the report folder, streamed from the
 * store, each under a temporary name first.
 */
public final class RetireManifest {

    private RetireManifest() {
    }

    /** Writes both files and returns the CSV's path. */
    public static Path write(RetireStore store, String retireId, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path csv = folder.resolve(retireId + "-manifest.csv");
        Path json = folder.resolve(retireId + "-manifest.json");
        Path csvPart = folder.resolve("." + csv.getFileName() + ".part");
        Path jsonPart = folder.resolve("." + json.getFileName() + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(csvPart, StandardCharsets.UTF_8);
             JsonGenerator g = new JsonFactory().createGenerator(jsonPart.toFile(), JsonEncoding.UTF8)) {
            w.write("archive_id,size,tree_hash,location,reverified_at,deleted_at\n");
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("retire", retireId);
            g.writeArrayFieldStart("deleted");
            store.forEach(retireId, RetireItem.DELETED, i -> {
                try {
                    w.write(csv(i.archiveId()) + "," + i.size() + "," + csv(i.treeHash()) + "," + csv(i.location()) + ","
                            + text(i.verifiedAt()) + "," + text(i.deletedAt()) + "\n");
                    g.writeStartObject();
                    g.writeStringField("archiveId", i.archiveId());
                    g.writeNumberField("size", i.size());
                    g.writeStringField("treeHash", i.treeHash());
                    g.writeStringField("location", i.location());
                    g.writeStringField("reverifiedAt", text(i.verifiedAt()));
                    g.writeStringField("deletedAt", text(i.deletedAt()));
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(csvPart, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(jsonPart, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return csv;
    }

    private static String text(Instant t) {
        return t == null ? "" : t.toString();
    }

    /** RFC 4180 quoting when needed (locations may hold commas or quotes). */
    static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
