package io.thaw.glacier;

import java.time.Duration;

/**
 * How job output is pulled: chunk size (a power-of-two number of MiB, so every chunk of a tree-aligned
 * output is itself a node of the archive's tree and Glacier returns its hash), parallel requests, and
 * retry limits, and whether whole blocks are written with O_DIRECT where the file system has it
 * ({@link StagingChannels}). {@link Keys} names the settings the way the caller's users set them (thaw's
 * {@code thaw.download.*} keys, the component's URI options), so errors say what to change.
 */
public record DownloadSettings(long chunkSize, int parallel, int maxAttempts, Duration baseBackoff, Duration maxBackoff,
                               boolean directIo, Keys keys) {

    public static final long MIB = 1L << 20;

    /** Longest back-off between attempts of a chunk. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What the caller's users call the chunk size (in MiB), the parallel requests and the attempts per chunk. */
    public record Keys(String chunkMib, String parallel, String maxAttempts, String backoff) {
        public static final Keys PLAIN = new Keys("the chunk size in MiB", "the number of parallel requests",
                "the attempts per chunk", "the first back-off");
    }

    public DownloadSettings {
        long mib = chunkSize / MIB;
        if (chunkSize % MIB != 0 || mib <= 0 || Long.bitCount(mib) != 1) {
            throw new IllegalArgumentException(keys.chunkMib() + " must be a power of two (1, 2, 4, … 4096), not "
                    + (double) chunkSize / MIB + " — Glacier returns a chunk's tree hash only for power-of-two MiB ranges");
        }
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException(keys.parallel() + " must be 1…64, not " + parallel);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(keys.maxAttempts() + " must be at least 1");
        }
    }

    /** Between attempts of a chunk or of one Glacier call: from baseBackoff, doubling, capped at maxBackoff. */
    public Backoff backoff() {
        return new Backoff(baseBackoff, maxBackoff);
    }

    public DownloadSettings(long chunkSize, int parallel, int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
        this(chunkSize, parallel, maxAttempts, baseBackoff, maxBackoff, true, Keys.PLAIN);
    }

    public DownloadSettings withChunkSize(long bytes) {
        return new DownloadSettings(bytes, parallel, maxAttempts, baseBackoff, maxBackoff, directIo, keys);
    }

    public DownloadSettings withParallel(int n) {
        return new DownloadSettings(chunkSize, n, maxAttempts, baseBackoff, maxBackoff, directIo, keys);
    }

    /** Length of chunk {@code index} of an output of {@code size} bytes (the last one may be short). */
    long chunkLength(int index, long size) {
        long off = index * chunkSize;
        return Math.max(0, Math.min(chunkSize, size - off));
    }
}
