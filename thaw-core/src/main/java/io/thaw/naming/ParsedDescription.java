package io.thaw.naming;

import java.time.Instant;

/**
 * What one archive description says.
 *
 * @param format       the format that matched
 * @param path         the file path as the uploading tool wrote it, not yet made safe; null for
 *                     {@link Format#EMPTY} and {@link Format#UNPARSABLE}
 * @param lastModified the file's modification time if the format carries one, else null
 * @param problem      for {@link Format#UNPARSABLE}: why, in words a user can act on; else null
 */
public record ParsedDescription(Format format, String path, Instant lastModified, String problem) {

    static ParsedDescription of(Format format, String path, Instant lastModified) {
        return new ParsedDescription(format, path, lastModified, null);
    }

    static ParsedDescription empty() {
        return new ParsedDescription(Format.EMPTY, null, null, null);
    }

    static ParsedDescription unparsable(String problem) {
        return new ParsedDescription(Format.UNPARSABLE, null, null, problem);
    }
}
