package io.thaw.glacier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One chunk copy's O_DIRECT writes, one at a time on a shared writer thread, so that the network read of
 * the next piece overlaps the disk write of this one instead of following it (an O_DIRECT write returns
 * only when the disk has the bytes, and ext4 queues the writes of parallel chunks behind the file's
 * lock). The copy waits for the write in flight before it refills the native buffer and before the
 * chunk counts as verified, so nothing changes in what a verified chunk means.
 */
final class OverlappedWrite implements AutoCloseable {

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "thaw-direct-write");
        t.setDaemon(true);
        return t;
    });

    private final StagingChannels file;
    private Future<?> inFlight;
    private ByteBuffer piece;
    private long piecePos;

    OverlappedWrite(StagingChannels file) {
        this.file = file;
    }

    /** Starts writing {@code buf} (ready to be read) at {@code pos}; the caller awaits the previous write first. */
    void start(FileChannel direct, ByteBuffer buf, long pos) {
        piece = buf.duplicate();
        piecePos = pos;
        inFlight = WRITERS.submit(() -> {
            for (long at = pos; buf.hasRemaining(); ) {
                at += direct.write(buf, at);
            }
            return null;
        });
    }

    /**
     * Waits for the write in flight. An interrupt stops the chunk, as an interrupted write did when the
     * downloading thread wrote itself ({@link ClosedByInterruptException}: the download is being stopped, no
     * refusal). A write the file system refused turns O_DIRECT off for the file, and the piece goes through
     * the page cache instead, read back and compared with what was hashed.
     */
    void await() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new ClosedByInterruptException();
        }
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        try {
            f.get();
            inFlight = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClosedByInterruptException(); // close() still waits for the write before the buffer is reused
        } catch (ExecutionException e) {
            inFlight = null;
            Throwable cause = e.getCause();
            if (cause instanceof AsynchronousCloseException stopped) {
                throw stopped; // the download is being stopped (its channels closed), not a refusal
            }
            IOException io = cause instanceof IOException x ? x : new IOException(cause);
            file.directFailed(io);
            throughPageCache();
        }
    }

    /** The refused piece, still whole in its native buffer, written through the page cache and read back. */
    private void throughPageCache() throws IOException {
        byte[] bytes = new byte[piece.remaining()];
        piece.duplicate().get(bytes);
        byte[] written = bytes.clone();
        ChunkCopy.writeAndReadBack(file.buffered(), bytes, bytes.length, piecePos); // reads back into bytes
        if (!java.util.Arrays.equals(bytes, written)) {
            throw new IOException("bytes read back at " + piecePos + " differ from those written: the chunk is fetched again");
        }
    }

    /** Waits for a write still in flight (on failure paths too): its buffer must not be handed on before. */
    @Override
    public void close() {
        Future<?> f = inFlight;
        inFlight = null;
        if (f == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                break; // the chunk already failed for its own reason
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
