package io.thaw.naming;

import java.util.Locale;
import java.util.Set;

/** Makes one path segment safe; see {@link SafePath} for the rules and why. */
final class SafeSegment {

    /** Windows device names, reserved with any extension: "nul.txt" is the NUL device too. */
    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
            "LPT\u00B9", "LPT\u00B2", "LPT\u00B3");

    private SafeSegment() {
    }

    /** The safe segment, or null when the segment carries nothing (empty, ".", "..", only dots and spaces). */
    static String of(String segment) {
        if (onlyDotsAndSpaces(segment)) {
            return null;
        }
        String safe = escapeTrailingDotsAndSpaces(segment.replace(":", "%3A"));
        if (isDevice(safe)) {
            safe = "_" + safe;
        }
        if (SafePath.utf8Length(safe) > SafePath.MAX_SEGMENT_BYTES) {
            String extension = SafePath.extension(safe);
            String stem = safe.substring(0, safe.length() - extension.length());
            safe = SafePath.appendWithin(stem, "~" + ShortHash.of(safe) + extension, SafePath.MAX_SEGMENT_BYTES);
        }
        return safe;
    }

    private static boolean onlyDotsAndSpaces(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '.' && c != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Windows silently drops trailing dots and spaces; showing them keeps "a." and "a" distinct files. */
    private static String escapeTrailingDotsAndSpaces(String segment) {
        int end = segment.length();
        while (end > 0 && (segment.charAt(end - 1) == '.' || segment.charAt(end - 1) == ' ')) {
            end--;
        }
        if (end == segment.length()) {
            return segment;
        }
        StringBuilder out = new StringBuilder(segment.substring(0, end));
        for (int i = end; i < segment.length(); i++) {
            out.append(segment.charAt(i) == '.' ? "%2E" : "%20");
        }
        return out.toString();
    }

    private static boolean isDevice(String segment) {
        int dot = segment.indexOf('.');
        String base = (dot < 0 ? segment : segment.substring(0, dot)).stripTrailing();
        return DEVICES.contains(base.toUpperCase(Locale.ROOT));
    }
}
