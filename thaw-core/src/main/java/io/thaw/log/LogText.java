package io.thaw.log;

/**
 * Text from outside — file names, archive descriptions, request fields, servers' messages — made safe
 * to log: a name with a newline cannot forge a second log line, and an ESC sequence cannot recolour,
 * retitle or clear the operator's terminal. Control characters (C0, DEL, C1), line and paragraph
 * separators and invisible formatting characters (bidi overrides) are written as {@code \n}, {@code \r},
 * {@code \t}, {@code \x1B} or {@code \u202E}; everything else, any script or emoji, stays as it is.
 *
 * <p>The one helper for this: call {@link #escape} where such text is logged. The log layout
 * ({@link SafeMessageConverter}) applies {@link #escapeTerminal} to every message as a second line of
 * defence, so no raw escape sequence reaches the log even through a message nobody escaped.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with every control and invisible formatting character escaped; "null" for null. */
    public static String escape(Object text) {
        return escape(String.valueOf(text), false);
    }

    /** As {@link #escape} but keeping line feeds and tabs: for whole log messages, some of which span lines. */
    public static String escapeTerminal(String message) {
        return escape(message, true);
    }

    private static String escape(String text, boolean keepLines) {
        int first = firstUnsafe(text, keepLines);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!unsafe(cp, keepLines)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02X", cp));
            } else {
                out.append(String.format("\\u%04X", cp));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text, boolean keepLines) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (unsafe(cp, keepLines)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean unsafe(int cp, boolean keepLines) {
        if (keepLines && (cp == '\n' || cp == '\t')) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE // a lone half of a pair
                // bidi overrides and other invisible formatting, but not ZWNJ/ZWJ (scripts and emoji need them)
                || type == Character.FORMAT && cp != 0x200C && cp != 0x200D;
    }
}
