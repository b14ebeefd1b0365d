package io.thaw.deliver;

import software.amazon.awssdk.http.ContentStreamProvider;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte range of a file as a repeatable stream: each {@link #newStream()} starts again at the
 * range's first byte, which is what the SDK needs to retry or re-sign a part without buffering it.
 */
final class FileRegion implements ContentStreamProvider {

    private final Path file;
    private final long offset;
    private final long length;
    private InputStream current;

    FileRegion(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public InputStream newStream() {
        try {
            if (current != null) {
                current.close(); // the SDK asks again on retry; the previous stream is done with
            }
            current = new RegionStream(FileChannel.open(file, StandardOpenOption.READ), offset, length, file);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "FileRegion";
    }

    /** Reads exactly {@code length} bytes from {@code offset}; a file that got shorter is an error, not EOF. */
    private static final class RegionStream extends InputStream {
        private final FileChannel channel;
        private final Path file;
        private long position;
        private final long end;

        RegionStream(FileChannel channel, long offset, long length, Path file) {
            this.channel = channel;
            this.file = file;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - position);
            int n = channel.read(ByteBuffer.wrap(b, off, want), position);
            if (n < 0) {
                throw new EOFException(file + " ended at byte " + position + " but " + end + " bytes were expected"
                        + " — the file changed while it was being delivered");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
