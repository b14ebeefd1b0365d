package io.thaw.glacier;

import io.thaw.ThawConfig;
import java.time.Duration;

/**
 * How job output is pulled: chunk size (a power-of-two number of MiB, so every chunk of a tree-aligned
 * output is itself a node of the archive's tree and Glacier returns its hash), parallel requests, and
 * retry limits. Keys: thaw.download.chunk-mib, thaw.download.parallel, thaw.download.max-attempts.
 */
public record DownloadSettings(long chunkSize, int parallel, int maxAttempts, Duration baseBackoff, Duration maxBackoff) {

    public static final long MIB = 1L << 20;

    public DownloadSettings {
        long mib = chunkSize / MIB;
        if (chunkSize % MIB != 0 || mib <= 0 || Long.bitCount(mib) != 1) {
            throw new IllegalArgumentException("thaw.download.chunk-mib must be a power of two (1, 2, 4, … 4096), not "
                    + (double) chunkSize / MIB + " — Glacier returns a chunk's tree hash only for power-of-two MiB ranges");
        }
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("thaw.download.parallel must be 1…64, not " + parallel);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("thaw.download.max-attempts must be at least 1");
        }
    }

    public static DownloadSettings defaults() {
        return new DownloadSettings(32 * MIB, 8, 8, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public static DownloadSettings from(ThawConfig c) {
        DownloadSettings d = defaults();
        return new DownloadSettings(c.getInt("thaw.download.chunk-mib", (int) (d.chunkSize() / MIB)) * MIB,
                c.getInt("thaw.download.parallel", d.parallel()),
                c.getInt("thaw.download.max-attempts", d.maxAttempts()),
                Duration.ofMillis(c.getInt("thaw.download.backoff-ms", (int) d.baseBackoff().toMillis())),
                d.maxBackoff());
    }

    public DownloadSettings withChunkSize(long bytes) {
        return new DownloadSettings(bytes, parallel, maxAttempts, baseBackoff, maxBackoff);
    }

    public DownloadSettings withParallel(int n) {
        return new DownloadSettings(chunkSize, n, maxAttempts, baseBackoff, maxBackoff);
    }

    /** Length of chunk {@code index} of an output of {@code size} bytes (the last one may be short). */
    long chunkLength(int index, long size) {
        long off = index * chunkSize;
        return Math.max(0, Math.min(chunkSize, size - off));
    }
}
