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

    /** Longest back-off between attempts of a chunk. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Between attempts of a chunk or of one Glacier call: from baseBackoff, doubling, capped at maxBackoff. */
    public Backoff backoff() {
        return new Backoff(baseBackoff, maxBackoff);
    }

    /** The built-in defaults (io.thaw.config.Catalog). */
    public static DownloadSettings defaults() {
        return from(ThawConfig.of(k -> null, java.util.Set::of));
    }

    public static DownloadSettings from(ThawConfig c) {
        return new DownloadSettings(Integer.parseInt(c.get("thaw.download.chunk-mib")) * MIB,
                Integer.parseInt(c.get("thaw.download.parallel")),
                Integer.parseInt(c.get("thaw.download.max-attempts")),
                Duration.ofMillis(Integer.parseInt(c.get("thaw.download.backoff-ms"))),
                MAX_BACKOFF);
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
