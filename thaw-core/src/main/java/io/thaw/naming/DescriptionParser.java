package io.thaw.naming;

/**
 * Reads an archive description the way the tools that wrote it meant it. Tried in order:
 * FastGlacier v2–v4 and v1, mt-aws-glacier mt1/mt2, CloudBerry JSON; anything else is a plain path.
 * Never throws: a description that claims a format but cannot be decoded is {@link Format#UNPARSABLE}
 * with the reason, so one bad archive never stops a vault.
 */
public final class DescriptionParser {

    private DescriptionParser() {
    }

    public static ParsedDescription parse(String description) {
        if (description == null || description.isBlank()) {
            return ParsedDescription.empty();
        }
        String text = description.strip();
        try {
            ParsedDescription parsed = FastGlacierDescription.parse(unquoteMarkup(text));
            if (parsed == null) {
                parsed = MtAwsGlacierDescription.parse(text);
            }
            if (parsed == null) {
                parsed = CloudBerryDescription.parse(text);
            }
            return parsed != null ? parsed : ParsedDescription.of(Format.PLAIN, text, null);
        } catch (RuntimeException e) {
            // Defensive: a parser bug must cost one name, not the run.
            return ParsedDescription.unparsable("description could not be read: " + e);
        }
    }

    /** Inventories sometimes carry FastGlacier markup wrapped in quotes: {@code "<ArchiveMetadata>…"}. */
    private static String unquoteMarkup(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')
                && text.charAt(text.length() - 1) == text.charAt(0) && text.charAt(1) == '<') {
            return text.substring(1, text.length() - 1).strip();
        }
        return text;
    }
}
