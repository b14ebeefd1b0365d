package io.thaw.deliver;

import io.thaw.glacier.TreeHash;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file as a stream an uploader sends, counted and tree-hashed as it is read. At its end, before
 * answering end-of-stream, it asks {@link Delivery#confirm}: a stream whose bytes are not the verified
 * output fails the upload there, while the server still holds them under the temporary name only.
 */
final class VerifyingStream extends FilterInputStream {

    private final Delivery delivery;
    private final String where;
    private final TreeHash hash = new TreeHash();
    private long count;
    private boolean confirmed;

    VerifyingStream(Path file, Delivery delivery, String where) throws IOException {
        super(Files.newInputStream(file));
        this.delivery = delivery;
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            hash.update(b, off, n);
            count += n;
        } else if (n < 0 && !confirmed) {
            confirmed = true;
            delivery.confirm(count, hash.hex(), where);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an upload skipped bytes of " + delivery.relativeName() + ": they would not be verified");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** True once the whole stream was read and confirmed. */
    boolean confirmed() {
        return confirmed;
    }
}
