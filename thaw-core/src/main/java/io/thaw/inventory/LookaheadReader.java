package io.thaw.inventory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Characters of a UTF-8 stream with bounded look-ahead ({@link #peek(int)}) and a line counter.
 *
 * <p>Decodes by itself rather than through InputStreamReader: malformed UTF-8 must be reported, not
 * replaced (descriptions come out exactly as stored), and InputStreamReader drops the characters
 * decoded before a malformed byte, which would put the error on the wrong line. Here every valid
 * character before the bad byte is delivered first, then the error is thrown.
 */
final class LookaheadReader implements Closeable {

    static final int MAX_LOOKAHEAD = 4096;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int lim;
    private boolean bytesEnded;
    private boolean eof;
    private CoderResult pendingError;
    private long line = 1;

    LookaheadReader(InputStream in) {
        this.in = in;
    }

    /** The character {@code ahead} positions on (0 = next to read), or -1 past the end. */
    int peek(int ahead) throws IOException {
        if (ahead >= MAX_LOOKAHEAD) {
            throw new IllegalArgumentException("look-ahead is limited to " + MAX_LOOKAHEAD);
        }
        while (pos + ahead >= lim && !eof) {
            fill();
        }
        return pos + ahead < lim ? buf[pos + ahead] : -1;
    }

    /** Next character or -1; counts a line at every '\n'. */
    int read() throws IOException {
        int c = peek(0);
        if (c >= 0) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    /**
     * Appends characters up to, not including, the first {@code a}, {@code b} or {@code c} (counting
     * lines): the bulk path for field contents, one array scan instead of a call per character.
     *
     * @return the stop character, left unread, or -1 at the end of input
     */
    int appendUntil(StringBuilder sb, char a, char b, char c) throws IOException {
        while (true) {
            while (pos >= lim && !eof) {
                fill();
            }
            if (pos >= lim) {
                return -1;
            }
            int start = pos;
            while (pos < lim) {
                char ch = buf[pos];
                if (ch == a || ch == b || ch == c) {
                    break;
                }
                if (ch == '\n') {
                    line++;
                }
                pos++;
            }
            sb.append(buf, start, pos - start);
            if (pos < lim) {
                return buf[pos];
            }
        }
    }

    /** 1-based number of the line the next character is on. */
    long line() {
        return line;
    }

    /** Decodes at least one more character, or sets eof. */
    private void fill() throws IOException {
        if (pendingError != null) {
            pendingError.throwException();
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        CharBuffer out = CharBuffer.wrap(buf, lim, buf.length - lim);
        int start = out.position();
        while (out.position() == start) {
            CoderResult r = decoder.decode(bytes, out, bytesEnded);
            if (r.isError()) {
                if (out.position() > start) {
                    pendingError = r; // deliver what decoded cleanly first
                    break;
                }
                r.throwException();
            }
            if (r.isOverflow()) {
                break;
            }
            if (bytesEnded) {
                decoder.flush(out);
                if (out.position() == start) {
                    eof = true;
                }
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                bytesEnded = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        lim = out.position();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
