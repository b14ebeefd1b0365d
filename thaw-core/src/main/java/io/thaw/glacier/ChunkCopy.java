package io.thaw.glacier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Moves one ranged GetJobOutput body into the staging file at its offset, hashing it on the way: a
 * single pass through a 256 KiB buffer, never the whole chunk in memory. A body shorter or longer than
 * the range asked for is an error (the chunk is fetched again).
 */
final class ChunkCopy {

    private static final int BUFFER = 256 * 1024;
    /**
     * One buffer per downloading thread, not one per chunk: a chunk's buffer was two thirds of what a
     * download allocates, so a longer download grew the heap (and the RSS) with the archive size.
     */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private ChunkCopy() {
    }

    /** @param written bytes written so far, for the caller to undo in the progress figures on failure */
    static void copy(InputStream in, FileChannel ch, long off, long len, TreeHash th, ProgressMeter meter,
                             long[] written) throws IOException {
        byte[] arr = BUFFERS.get();
        ByteBuffer buf = ByteBuffer.wrap(arr);
        long pos = off;
        long end = off + len;
        while (pos < end) {
            int n = in.read(arr, 0, (int) Math.min(arr.length, end - pos));
            if (n < 0) {
                throw new IOException("body ended after " + (pos - off) + " of " + len + " bytes");
            }
            th.update(arr, 0, n);
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
            written[0] += n;
            meter.add(n);
            io.thaw.metrics.ThawMetrics.bytesDownloaded(n);
        }
        if (in.read() >= 0) {
            throw new IOException("body is longer than the " + len + " bytes requested");
        }
    }

    /** A chunk whose bytes do not match Glacier's hash for them: fetched again. */
    static final class ChunkMismatch extends Exception {
        ChunkMismatch(String message) {
            super(message);
        }
    }
}
