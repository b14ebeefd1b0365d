package io.thaw.naming;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FastGlacier's XML-like descriptions (https://fastglacier.com/fastglacier-metadata-format.aspx):
 * <ul>
 *   <li>v2–v4: {@code <m><v>4</v><p>base64(utf8(path))</p><lm>yyyyMMddTHHmmssZ</lm><ce>…</ce></m>}</li>
 *   <li>v1: {@code <ArchiveMetadata><Path>base64(utf8(path))</Path></ArchiveMetadata>}</li>
 * </ul>
 * Read with patterns, not an XML parser: descriptions are at most 1,024 characters of untrusted
 * text, and a parser would bring entity expansion and external-entity risks for no gain.
 */
final class FastGlacierDescription {

    private static final Pattern M = Pattern.compile("<m>(.*)</m>", Pattern.DOTALL);
    private static final Pattern V1 = Pattern.compile("<ArchiveMetadata>(.*)</ArchiveMetadata>", Pattern.DOTALL);
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final Pattern VERSION = element("v");
    private static final Pattern PATH = element("p");
    private static final Pattern LAST_MODIFIED = element("lm");
    private static final Pattern V1_PATH = element("Path");

    private FastGlacierDescription() {
    }

    /** The parse, or null when the description is not FastGlacier's. */
    static ParsedDescription parse(String description) {
        Matcher m = M.matcher(description);
        if (m.find()) {
            String body = m.group(1);
            Format format = version(text(VERSION, body));
            return decode(format, text(PATH, body), text(LAST_MODIFIED, body), "<p>");
        }
        Matcher v1 = V1.matcher(description);
        if (v1.find()) {
            return decode(Format.FASTGLACIER_V1, text(V1_PATH, v1.group(1)), null, "<Path>");
        }
        return null;
    }

    private static ParsedDescription decode(Format format, String encodedPath, String lastModified, String tag) {
        if (encodedPath == null) {
            return ParsedDescription.unparsable("FastGlacier description has no " + tag + " element");
        }
        byte[] bytes = base64(encodedPath);
        if (bytes == null) {
            return ParsedDescription.unparsable("FastGlacier " + tag + " is not valid base64");
        }
        return ParsedDescription.of(format, VisibleUtf8.decode(bytes), GlacierTimestamp.parse(lastModified));
    }

    /** Versions 2–4 share one layout; an unknown version is read like the nearest known one. */
    private static Format version(String v) {
        int version;
        try {
            version = v == null ? 2 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            version = 4;
        }
        if (version <= 2) {
            return Format.FASTGLACIER_V2;
        }
        return version == 3 ? Format.FASTGLACIER_V3 : Format.FASTGLACIER_V4;
    }

    private static Pattern element(String name) {
        return Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL);
    }

    private static String text(Pattern element, String body) {
        Matcher e = element.matcher(body);
        return e.find() ? e.group(1) : null;
    }

    private static byte[] base64(String text) {
        String compact = text.replaceAll("\\s+", "");
        if (!BASE64.matcher(compact).matches()) {
            return null;
        }
        String unpadded = compact.replace("=", "");
        if (unpadded.length() % 4 == 1) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(unpadded + "==".substring(0, (4 - unpadded.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
