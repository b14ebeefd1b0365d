package io.thaw.glacier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Moves one ranged GetJobOutput body into the staging file at its offset through a buffer of 4 MiB or
 * 256 KiB ({@link CopyBuffers}), never the whole chunk in memory. Whole blocks go to the disk with
 * O_DIRECT where the file system allows it ({@link StagingChannels}): copied to an aligned native buffer
 * that the disk is given (on a writer thread, {@link OverlappedWrite}), and hashed from the array that copy
 * was made from. Other pieces go through the page cache and are hashed as read back from the file after they were written (a memory copy, no disk
 * read). Either way a verified chunk means the file was given exactly the bytes with Glacier's tree hash,
 * not only that the network delivered them — what lets a sealed file ({@link FileSeal}) be delivered
 * without reading it again. A body shorter or longer than the range asked for is an error (the chunk is
 * fetched again).
 */
final class ChunkCopy {

    private ChunkCopy() {
    }

    /** @param written bytes written so far, for the caller to undo in the progress figures on failure */
    static void copy(InputStream in, StagingChannels file, long off, long len, TreeHash th, ProgressMeter meter,
                             long[] written) throws IOException {
        CopyBuffers.Pair buffers = CopyBuffers.acquire(len);
        try (OverlappedWrite write = new OverlappedWrite(file)) {
            byte[] arr = buffers.heap();
            ByteBuffer aligned = buffers.aligned();
            long pos = off;
            long end = off + len;
            while (pos < end) {
                int n = fill(in, arr, (int) Math.min(arr.length, end - pos)); // overlaps the previous write
                if (n == 0) {
                    throw new IOException("body ended after " + (pos - off) + " of " + len + " bytes");
                }
                write.await(); // the native buffer is free again; a refused write fails the chunk here
                FileChannel direct = file.directFor(pos, n);
                if (direct != null) {
                    aligned.clear();
                    aligned.put(arr, 0, n).flip();
                    write.start(direct, aligned, pos);
                } else {
                    writeAndReadBack(file.buffered(), arr, n, pos);
                }
                th.update(arr, 0, n);
                pos += n;
                written[0] += n;
                meter.add(n);
                DownloadCounters.current().bytesDownloaded(n);
            }
            write.await(); // every byte is on the disk before the chunk counts as verified
            if (in.read() >= 0) {
                throw new IOException("body is longer than the " + len + " bytes requested");
            }
        } finally {
            CopyBuffers.release(buffers); // after the write in flight ended (OverlappedWrite.close)
        }
    }

    /** Through the page cache: the bytes are written, then read back into the buffer that is hashed. */
    static void writeAndReadBack(FileChannel ch, byte[] arr, int n, long pos) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(arr);
        buf.clear().limit(n);
        for (long at = pos; buf.hasRemaining(); ) {
            at += ch.write(buf, at);
        }
        buf.clear().limit(n);
        for (long at = pos; buf.hasRemaining(); ) {
            int k = ch.read(buf, at);
            if (k < 0) {
                throw new IOException("the staging file ends at byte " + at + " just after bytes were written there");
            }
            at += k;
        }
    }

    /** Reads up to {@code want} bytes (fewer only at the end of the body); answers how many. */
    private static int fill(InputStream in, byte[] arr, int want) throws IOException {
        int n = 0;
        while (n < want) {
            int k = in.read(arr, n, want - n);
            if (k < 0) {
                break;
            }
            n += k;
        }
        return n;
    }

    /** A chunk whose bytes do not match Glacier's hash for them: fetched again. */
    static final class ChunkMismatch extends Exception {
        ChunkMismatch(String message) {
            super(message);
        }
    }
}
