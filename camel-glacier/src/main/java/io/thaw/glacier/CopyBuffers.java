package io.thaw.glacier;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffers {@link ChunkCopy} moves a body through: a heap array the body is read into, and its aligned
 * native twin that O_DIRECT writes take. The piece size sets the download's speed where the disk is the
 * limit: ext4 takes the file's lock for each O_DIRECT write that allocates blocks, so writers of parallel
 * chunks queue one piece at a time. A 2 GiB fetch to a folder took 6.2–7.0 s with 256 KiB pieces, 4.7–5.3 s
 * with 4 MiB (runs alternated; docs/benchmarks.md, "Download", session 15). Large pairs come from one
 * process-wide pool of {@link #LARGE_PAIRS} (64 MiB in all, whatever the number of downloads); a small
 * piece, or a chunk that finds the pool empty, uses its thread's own 256 KiB pair as before.
 */
final class CopyBuffers {

    static final int SMALL = 256 * 1024;
    static final int LARGE = 4 * 1024 * 1024;
    /** Enough for thaw.download.parallel's default (8) requests of one download. */
    static final int LARGE_PAIRS = 8;

    /** One pair; {@code pooled} pairs go back to the pool. */
    record Pair(byte[] heap, ByteBuffer aligned, boolean pooled) {
    }

    private static final ArrayBlockingQueue<Pair> FREE = new ArrayBlockingQueue<>(LARGE_PAIRS);
    private static final AtomicInteger CREATED = new AtomicInteger();
    /**
     * One small pair per downloading thread, not one per chunk: a chunk's buffer was two thirds of what a
     * download allocated, so a longer download grew the heap (and the RSS) with the archive size.
     */
    private static final ThreadLocal<Pair> SMALL_PAIR = ThreadLocal.withInitial(() -> pair(SMALL, false));

    private CopyBuffers() {
    }

    /** A pair for a body of {@code length} bytes: large when it is at least {@link #LARGE} and one is free. */
    static Pair acquire(long length) {
        if (length >= LARGE) {
            Pair p = FREE.poll();
            if (p != null) {
                return p;
            }
            if (CREATED.incrementAndGet() <= LARGE_PAIRS) {
                return pair(LARGE, true);
            }
            CREATED.decrementAndGet();
        }
        return SMALL_PAIR.get();
    }

    static void release(Pair p) {
        if (p.pooled()) {
            FREE.offer(p);
        }
    }

    private static Pair pair(int size, boolean pooled) {
        return new Pair(new byte[size], ByteBuffer.allocateDirect(size + StagingChannels.MAX_ALIGN)
                .alignedSlice(StagingChannels.MAX_ALIGN), pooled);
    }
}
