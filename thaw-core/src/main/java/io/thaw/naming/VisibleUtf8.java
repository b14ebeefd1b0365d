package io.thaw.naming;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that never loses a byte: each byte that is not part of valid UTF-8 is shown as
 * {@code %XX}. Other tools decode with "ignore" or "replace" and silently mangle names (the AWS
 * solution drops bad bytes; Re:Freezer decoded as ASCII); showing the bytes lets a user see and
 * recover the original name.
 */
final class VisibleUtf8 {

    private VisibleUtf8() {
    }

    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder text = new StringBuilder(bytes.length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            text.append(out);
            out.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    appendPercent(text, in.get());
                }
            } else if (result.isUnderflow()) {
                break;
            }
        }
        decoder.flush(out);
        out.flip();
        return text.append(out).toString();
    }

    /** Appends the UTF-8 bytes of one code point (or a lone surrogate, WTF-8 style) as %XX. */
    static void appendPercentCodePoint(StringBuilder text, int codePoint) {
        if (codePoint < 0x80) {
            appendPercent(text, (byte) codePoint);
        } else if (codePoint < 0x800) {
            appendPercent(text, (byte) (0xC0 | codePoint >> 6));
            appendPercent(text, (byte) (0x80 | codePoint & 0x3F));
        } else if (codePoint < 0x10000) {
            appendPercent(text, (byte) (0xE0 | codePoint >> 12));
            appendPercent(text, (byte) (0x80 | codePoint >> 6 & 0x3F));
            appendPercent(text, (byte) (0x80 | codePoint & 0x3F));
        } else {
            appendPercent(text, (byte) (0xF0 | codePoint >> 18));
            appendPercent(text, (byte) (0x80 | codePoint >> 12 & 0x3F));
            appendPercent(text, (byte) (0x80 | codePoint >> 6 & 0x3F));
            appendPercent(text, (byte) (0x80 | codePoint & 0x3F));
        }
    }

    static void appendPercent(StringBuilder text, byte b) {
        text.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
    }
}
