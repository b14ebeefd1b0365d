package io.thaw.naming;

/**
 * Lenient UTF-7 (RFC 2152) decoding for CloudBerry paths.
 *
 * <p>Only shifts that could only have come from a UTF-7 encoder are decoded: {@code +-} is '+', and
 * {@code +<modified base64>} is decoded when its bits make whole UTF-16 units with zero padding
 * (fewer than 6 bits left), the units form valid UTF-16, and none of them is a character a UTF-7
 * encoder writes directly (letters, digits, space, {@code '(),-./:?}) or a control character.
 * Anything else stays exactly as written, so a plain name such as {@code "Summer+Winter.jpg"} is
 * not turned into garbage.
 */
final class Utf7 {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String DIRECT = "'(),-./:? \t\r\n";

    private Utf7() {
    }

    static String decodeLenient(String text) {
        if (text.indexOf('+') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '+') {
                out.append(c);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.length() && BASE64.indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            if (end == i + 1 && end < text.length() && text.charAt(end) == '-') {
                out.append('+');
                i = end + 1;
                continue;
            }
            String decoded = shifted(text, i + 1, end);
            if (decoded == null) {
                out.append(c);
                i++;
                continue;
            }
            out.append(decoded);
            i = end < text.length() && text.charAt(end) == '-' ? end + 1 : end;
        }
        return out.toString();
    }

    /** The characters of one shifted run, or null when it does not look like real UTF-7. */
    private static String shifted(String text, int from, int to) {
        int bits = (to - from) * 6;
        if (bits < 16 || bits % 16 >= 6) {
            return null;
        }
        StringBuilder units = new StringBuilder();
        long buffer = 0;
        int held = 0;
        for (int i = from; i < to; i++) {
            buffer = buffer << 6 | BASE64.indexOf(text.charAt(i));
            held += 6;
            if (held >= 16) {
                held -= 16;
                units.append((char) (buffer >>> held & 0xFFFF));
            }
        }
        if ((buffer & ((1L << held) - 1)) != 0) {
            return null;
        }
        String decoded = units.toString();
        for (int i = 0; i < decoded.length(); i++) {
            char ch = decoded.charAt(i);
            boolean direct = ch < 0x80 && (Character.isLetterOrDigit(ch) || DIRECT.indexOf(ch) >= 0);
            boolean lone = Character.isHighSurrogate(ch)
                    ? i + 1 >= decoded.length() || !Character.isLowSurrogate(decoded.charAt(++i))
                    : Character.isLowSurrogate(ch);
            if (direct || lone || Character.isISOControl(ch)) {
                return null;
            }
        }
        return decoded;
    }
}
