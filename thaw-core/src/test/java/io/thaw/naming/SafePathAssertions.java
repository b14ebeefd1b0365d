package io.thaw.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks every promise {@link SafePath} makes, on the string and on a real file system. */
final class SafePathAssertions {

    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$");
    private static final Pattern NUMBERED_DEVICE = Pattern.compile("(COM|LPT)[0-9\u00B9\u00B2\u00B3]");

    private SafePathAssertions() {
    }

    /** Asserts the string-level promises. */
    static void assertSafe(String result, int maxBytes, String input) {
        String what = "sanitised '" + printable(input) + "' -> '" + printable(result) + "'";
        assertNotNull(result, what);
        assertFalse(result.isEmpty(), what);
        assertFalse(result.startsWith("/"), what + ": absolute");
        assertFalse(result.contains("\\"), what + ": backslash");
        assertFalse(result.contains(":"), what + ": colon / drive letter");
        assertTrue(result.getBytes(StandardCharsets.UTF_8).length <= maxBytes, what + ": longer than " + maxBytes);
        for (int i = 0; i < result.length(); ) {
            int cp = result.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            assertFalse(type == Character.CONTROL || type == Character.SURROGATE
                    || type == Character.FORMAT && cp != 0x200C && cp != 0x200D
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || cp == 0xFFFD, what + ": invisible char U+" + Integer.toHexString(cp));
        }
        for (String segment : result.split("/", -1)) {
            assertFalse(segment.isEmpty(), what + ": empty segment");
            assertFalse(segment.equals(".") || segment.equals(".."), what + ": dot segment");
            assertFalse(segment.endsWith(".") || segment.endsWith(" "), what + ": trailing dot/space");
            assertTrue(segment.getBytes(StandardCharsets.UTF_8).length <= SafePath.MAX_SEGMENT_BYTES,
                    what + ": segment over 255 bytes");
            int dot = segment.indexOf('.');
            String base = (dot < 0 ? segment : segment.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
            assertFalse(DEVICES.contains(base) || NUMBERED_DEVICE.matcher(base).matches(), what + ": device name");
        }
        assertEquals(result, SafePath.sanitize(result, maxBytes), what + ": not idempotent");
    }

    /** Asserts the result stays under root lexically and when really written there. */
    static void assertStaysUnder(Path root, String result) throws IOException {
        Path realRoot = root.toRealPath();
        Path target = realRoot.resolve(result).normalize();
        assertTrue(target.startsWith(realRoot), "'" + printable(result) + "' escapes the root lexically");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "x");
        assertTrue(target.toRealPath().startsWith(realRoot), "'" + printable(result) + "' escapes the root on disk");
        assertEquals("x", Files.readString(target.toRealPath()));
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(120).forEach(cp -> {
            if (cp < 0x20 || cp > 0x7E) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return s.length() > 120 ? out + "…(" + s.length() + " chars)" : out.toString();
    }
}
