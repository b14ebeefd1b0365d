package io.thaw.deliver;

import java.nio.file.InvalidPathException;
import java.util.Locale;

/**
 * Tells a delivery failure that no retry can cure from one a retry may (a server down, a full disk, a
 * permission the operator can fix). Retrying the first kind only parks the job STAGED forever, so the
 * job becomes FAILED with the reason instead: the name cannot be made, or the destination refuses it
 * as too long (ENAMETOOLONG from a folder, FTP or SFTP server, S3's KeyTooLongError).
 */
public final class Undeliverable {

    private Undeliverable() {
    }

    /** A name that cannot be delivered whatever is retried: it cannot be made, or it is refused as such. */
    public static final class UnusableName extends IllegalArgumentException {
        public UnusableName(String message) {
            super(message);
        }
    }

    /** Why {@code failure} can never be cured by retrying, with the fix; null when a retry may succeed. */
    public static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnusableName || t instanceof InvalidPathException) {
                return t.getMessage() + " — give the archive a name the destination accepts (the request's \"name\""
                        + " or a row in the naming overrides CSV) and request it again";
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            // ENAMETOOLONG as the OS, an FTP or SFTP server words it; S3's KeyTooLongError ("Your key is too long")
            if (message.contains("name too long") || message.contains("key is too long")
                    || message.contains("keytoolong")) {
                return "the destination refuses the name as too long (" + t.getMessage() + ") — give the archive a"
                        + " shorter name (the request's \"name\" or a row in the naming overrides CSV) and request it again";
            }
        }
        return null;
    }
}
