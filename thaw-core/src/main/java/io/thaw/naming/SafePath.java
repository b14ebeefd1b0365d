package io.thaw.naming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns any raw path into a relative path that is safe on every destination: POSIX and Windows
 * folders, S3 keys, FTP and SFTP servers. The result is '/'-separated, relative, has no empty,
 * '.' or '..' segment, no drive letter, no control or invisible formatting character (shown as
 * {@code %XX} of their UTF-8 bytes instead, so nothing is silently dropped), no ':' (shown as
 * {@code %3A}: on NTFS it would open an alternate data stream), no Windows device name, no segment
 * ending in '.' or ' ' (Windows strips those, turning {@code "aux."} into the device AUX), segments
 * of at most 255 UTF-8 bytes and a whole of at most {@code maxBytes} UTF-8 bytes.
 *
 * <p>'.' and '..' segments are dropped, not resolved: "a/../../b" gives "a/b", so no name can climb,
 * not even within itself. Sanitising is idempotent: a safe path comes back unchanged. Downstream code must treat the
 * result as a literal name and never percent-decode it.
 */
public final class SafePath {

    /** Longest segment most file systems (ext4, NTFS, APFS) accept, in UTF-8 bytes. */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** Smallest usable whole-path limit: room for a shortened name plus its hash. */
    public static final int MIN_MAX_BYTES = 32;
    /** Extensions longer than this are not worth keeping when a name must be shortened. */
    private static final int MAX_KEPT_EXTENSION_BYTES = 32;

    private SafePath() {
    }

    /**
     * @param raw      any text meant as a path; may be null
     * @param maxBytes limit for the whole result in UTF-8 bytes (S3's 1,024 minus the destination prefix)
     * @return the safe relative path, or null if nothing usable remains (e.g. "..", "/", "C:\")
     */
    public static String sanitize(String raw, int maxBytes) {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes is " + maxBytes + " but must be at least "
                    + MIN_MAX_BYTES + " — the destination prefix leaves too little of S3's 1,024-byte key limit");
        }
        if (raw == null) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : stripRoot(escapeInvisible(raw)).split("/")) {
            String safe = SafeSegment.of(segment);
            if (safe != null) {
                segments.add(safe);
            }
        }
        if (segments.isEmpty()) {
            return null;
        }
        String path = String.join("/", segments);
        return utf8Length(path) <= maxBytes ? path : shorten(path, maxBytes);
    }

    /**
     * {@code text} with each invisible or terminal-breaking character (newline, ESC, bidi override…)
     * shown as %XX of its UTF-8 bytes, nothing else changed: a name such a character made unusable
     * (e.g. a request file's, to move it to .error/) gets a visible, stable one.
     */
    public static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisible(cp)) {
                VisibleUtf8.appendPercentCodePoint(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * Shows characters that are invisible, break terminals or cannot be encoded as %XX, and makes
     * every backslash a separator (descriptions come from Windows as often as not).
     */
    private static String escapeInvisible(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                out.append('/');
            } else if (isInvisible(cp)) {
                VisibleUtf8.appendPercentCodePoint(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL                 // C0, DEL, C1: NUL, newline, escape sequences
                || type == Character.SURROGATE           // a lone surrogate is invalid UTF-16
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                // bidi overrides (U+202E "txt.exe" spoofing), zero-width space, BOM, soft hyphen…
                // but not ZWNJ/ZWJ, which Persian, Indic scripts and emoji need.
                || type == Character.FORMAT && cp != 0x200C && cp != 0x200D
                || cp == 0xFFFD                          // a replacement char means bytes were lost upstream
                || cp == 0xFFFE || cp == 0xFFFF;
    }

    /** Removes what makes a path absolute: leading separators, \\?\ and \\.\ prefixes, a drive letter. */
    private static String stripRoot(String path) {
        String p = path;
        if (p.startsWith("//?/") || p.startsWith("//./")) {
            p = p.substring(4);
            if (p.regionMatches(true, 0, "UNC/", 0, 4)) {
                p = p.substring(4);
            }
        }
        p = stripLeadingSlashes(p);
        if (p.length() >= 2 && p.charAt(1) == ':' && isAsciiLetter(p.charAt(0))) {
            p = stripLeadingSlashes(p.substring(2)); // "C:\x", "C:/x" and drive-relative "c:x"
        }
        return p;
    }

    private static String stripLeadingSlashes(String p) {
        int i = 0;
        while (i < p.length() && p.charAt(i) == '/') {
            i++;
        }
        return p.substring(i);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /**
     * {@code relativePath} (already safe) with {@code tail} appended to its file name, e.g. a byte
     * range's {@code ".bytes-0-1023"}. If that makes the file name longer than 255 bytes, the name is
     * cut and a hash of the whole marks the cut (the tail is kept); if the whole path then exceeds
     * {@code maxBytes}, it is shortened like any other path.
     */
    public static String appendToName(String relativePath, String tail, int maxBytes) {
        int slash = relativePath.lastIndexOf('/');
        String name = relativePath.substring(slash + 1);
        String named = name + tail;
        if (utf8Length(named) > MAX_SEGMENT_BYTES) {
            named = appendWithin(name, "~" + ShortHash.of(named) + tail, MAX_SEGMENT_BYTES);
        }
        String path = relativePath.substring(0, slash + 1) + named;
        return utf8Length(path) <= maxBytes ? path : shorten(path, maxBytes);
    }

    /**
     * Fits an over-long path into maxBytes deterministically. The file name is kept whole if it can
     * be and the directories are cut; a hash of the full path marks the cut so that distinct long
     * paths stay distinct.
     */
    private static String shorten(String path, int maxBytes) {
        String tag = "~" + ShortHash.of(path);
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dirBudget = maxBytes - 1 - utf8Length(name);
        if (slash > 0 && dirBudget >= tag.length()) {
            return appendWithin(path.substring(0, slash), tag, dirBudget) + "/" + name;
        }
        String extension = extension(name);
        if (tag.length() + utf8Length(extension) > maxBytes) {
            extension = "";
        }
        String withoutExtension = path.substring(0, path.length() - extension.length());
        return appendWithin(withoutExtension, tag + extension, maxBytes);
    }

    /**
     * {@code text} cut so that it plus {@code tail} fits in {@code maxBytes}, and its last segment plus
     * {@code tail} fits in one segment; then {@code tail} appended.
     */
    static String appendWithin(String text, String tail, int maxBytes) {
        int tailBytes = utf8Length(tail);
        String cut = cutToBytes(text, maxBytes - tailBytes);
        int lastSlash = cut.lastIndexOf('/');
        String lastSegment = cut.substring(lastSlash + 1);
        if (utf8Length(lastSegment) + tailBytes > MAX_SEGMENT_BYTES) {
            cut = cut.substring(0, lastSlash + 1) + cutToBytes(lastSegment, MAX_SEGMENT_BYTES - tailBytes);
        }
        return cut + tail;
    }

    /** The longest prefix within maxBytes that splits neither a character nor a %XX escape. */
    static String cutToBytes(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        if (end < text.length()) {
            if (end >= 1 && text.charAt(end - 1) == '%') {
                end -= 1;
            } else if (end >= 2 && text.charAt(end - 2) == '%') {
                end -= 2;
            }
        }
        return text.substring(0, end);
    }

    /** The extension including its dot ("" if none, or if too long to be worth keeping). */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return "";
        }
        String extension = name.substring(dot);
        return utf8Length(extension) <= MAX_KEPT_EXTENSION_BYTES ? extension : "";
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
