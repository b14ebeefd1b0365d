package io.thaw.naming;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the compact UTC timestamps the upload tools store: {@code yyyyMMddTHHmmssZ}
 * (FastGlacier {@code <lm>}, CloudBerry {@code UTCDateModified}, mt-aws-glacier {@code mtime}).
 * Like mt-aws-glacier's reader it also accepts the extended form with '-' and ':' and a fraction.
 */
final class GlacierTimestamp {

    private static final Pattern UTC = Pattern.compile(
            "\\s*(\\d{4})-?(\\d{2})-?(\\d{2})\\s*T\\s*(\\d{2}):?(\\d{2}):?(\\d{2})(?:[.,]\\d{1,9})?\\s*Z\\s*",
            Pattern.CASE_INSENSITIVE);

    private GlacierTimestamp() {
    }

    /** The instant, or null when the text is missing or not such a timestamp (a bad time never costs the name). */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = UTC.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            int second = Integer.parseInt(m.group(6));
            // mt-aws-glacier drops leap seconds; so do we rather than reject the time.
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Math.min(second, 59));
            return time.toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
