package io.thaw.naming;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mt-aws-glacier descriptions (App::MtAws::MetaData):
 * <ul>
 *   <li>{@code mt2 base64url(json_utf8({"filename":…,"mtime":"yyyyMMddTHHmmssZ"}))}</li>
 *   <li>{@code mt1 base64url(latin1_to_utf8(json_utf8(…)))} — the same JSON, UTF-8 encoded twice;
 *       undone by decoding UTF-8, taking the characters back as Latin-1 bytes and decoding again.</li>
 * </ul>
 * base64url has no padding and uses '-' and '_'. Filenames are relative with '/' separators.
 */
final class MtAwsGlacierDescription {

    private static final Pattern MT = Pattern.compile("(mt[12])\\s+(\\S+)\\s*");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    private MtAwsGlacierDescription() {
    }

    /** The parse, or null when the description is not mt-aws-glacier's (plain text that starts with "mt1 "). */
    static ParsedDescription parse(String description) {
        Matcher m = MT.matcher(description);
        if (!m.matches() || !BASE64URL.matcher(m.group(2)).matches()) {
            return null;
        }
        byte[] bytes = base64url(m.group(2));
        if (bytes == null) {
            return ParsedDescription.unparsable("mt-aws-glacier " + m.group(1) + " data is not valid base64url");
        }
        String json = m.group(1).equals("mt1") ? undoDoubleEncoding(bytes) : VisibleUtf8.decode(bytes);
        JsonNode node = DescriptionJson.read(json);
        if (node == null) {
            return ParsedDescription.unparsable("mt-aws-glacier " + m.group(1) + " data is not JSON");
        }
        JsonNode filename = node.get("filename");
        if (filename == null || !filename.isTextual()) {
            return ParsedDescription.unparsable("mt-aws-glacier " + m.group(1) + " data has no \"filename\"");
        }
        JsonNode mtime = node.get("mtime");
        return ParsedDescription.of(Format.MT_AWS_GLACIER, filename.textValue(),
                GlacierTimestamp.parse(mtime != null && mtime.isTextual() ? mtime.textValue() : null));
    }

    private static String undoDoubleEncoding(byte[] bytes) {
        String once;
        try {
            once = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return VisibleUtf8.decode(bytes); // not double encoded after all: keep every byte visible
        }
        if (once.chars().anyMatch(c -> c > 0xFF)) {
            return once; // cannot be Latin-1 text: it was encoded only once
        }
        return VisibleUtf8.decode(once.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] base64url(String text) {
        String unpadded = text.replace("=", "");
        if (unpadded.length() % 4 == 1) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(unpadded + "==".substring(0, (4 - unpadded.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
