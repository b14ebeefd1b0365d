package io.thaw.deliver;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/** A fault a test server injects: writes fail once more than N bytes of one file arrived. Off by default. */
final class FailAfter {

    private final AtomicLong limit = new AtomicLong(-1);

    void set(long bytes) {
        limit.set(bytes);
    }

    void off() {
        limit.set(-1);
    }

    boolean on() {
        return limit.get() >= 0;
    }

    private IOException failure(long written) {
        return new IOException("test server: disk failure injected after " + written + " bytes");
    }

    OutputStream wrap(OutputStream out) {
        long max = limit.get();
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > max) {
                    throw failure(written);
                }
                out.write(b, off, len);
                written += len;
            }
        };
    }

    SeekableByteChannel wrap(SeekableByteChannel ch) {
        long max = limit.get();
        return new SeekableByteChannel() {
            private long written;

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (written + src.remaining() > max) {
                    throw failure(written);
                }
                int n = ch.write(src);
                written += n;
                return n;
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return ch.read(dst);
            }

            @Override
            public long position() throws IOException {
                return ch.position();
            }

            @Override
            public SeekableByteChannel position(long p) throws IOException {
                ch.position(p);
                return this;
            }

            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public SeekableByteChannel truncate(long size) throws IOException {
                ch.truncate(size);
                return this;
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
