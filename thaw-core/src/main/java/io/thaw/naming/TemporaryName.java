package io.thaw.naming;

/**
 * The name a delivery writes under before it renames the file to its final name, in the same folder:
 * {@code .<name>.thaw-part}. A final name may use all 255 bytes a file system allows in one name, and
 * the temporary name must fit as well: when {@code .<name>.thaw-part} would not, it keeps as much of
 * the name as fits plus a hash of the whole name, {@code .<cut name>~<hash>.thaw-part} — distinct
 * for distinct names, the same on every attempt. Only the temporary name is ever shortened here,
 * never the final one. Folders, FTP/FTPS and SFTP use the same rule (S3 needs no temporary name).
 */
public final class TemporaryName {

    /** Every temporary name ends with this; start-up sweeps and tests look for it. */
    public static final String SUFFIX = ".thaw-part";

    private TemporaryName() {
    }

    /** @param finalName the final name's last segment (no '/') */
    public static String of(String finalName) {
        String plain = "." + finalName + SUFFIX;
        if (SafePath.utf8Length(plain) <= SafePath.MAX_SEGMENT_BYTES) {
            return plain;
        }
        return "." + SafePath.appendWithin(finalName, "~" + ShortHash.of(finalName) + SUFFIX,
                SafePath.MAX_SEGMENT_BYTES - 1);
    }
}
