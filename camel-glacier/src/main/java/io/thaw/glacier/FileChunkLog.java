package io.thaw.glacier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ChunkLog} in plain files: one {@code <key>.chunks} file per download in a folder, one line
 * {@code index size treehash} per verified chunk, appended. A torn last line (crash while appending) is
 * ignored: that chunk is fetched again. The log only saves work; the bytes are re-hashed before reuse.
 */
public final class FileChunkLog implements ChunkLog {

    private final Path dir;

    public FileChunkLog(Path dir) {
        this.dir = dir;
    }

    private Path file(String key) {
        if (!key.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("chunk log key '" + key + "' must be letters, digits, _ . or -");
        }
        return dir.resolve(key + ".chunks");
    }

    @Override
    public synchronized void saveChunk(String key, int index, long size, String treeHash) {
        try {
            Files.createDirectories(dir);
            Files.writeString(file(key), index + " " + size + " " + treeHash + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a verified chunk in " + file(key), e);
        }
    }

    @Override
    public synchronized List<Chunk> chunks(String key) {
        Path f = file(key);
        if (!Files.exists(f)) {
            return List.of();
        }
        Map<Integer, Chunk> byIndex = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
                String[] p = line.trim().split(" ");
                if (p.length == 3 && p[2].matches("[0-9a-f]{64}")) {
                    try {
                        byIndex.put(Integer.parseInt(p[0]), new Chunk(Integer.parseInt(p[0]), Long.parseLong(p[1]), p[2]));
                    } catch (NumberFormatException torn) {
                        // a line cut short by a crash: that chunk is fetched again
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chunk log " + f, e);
        }
        return new ArrayList<>(byIndex.values());
    }

    @Override
    public synchronized void clearChunks(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the chunk log " + file(key), e);
        }
    }
}
