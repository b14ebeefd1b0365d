package io.thaw.naming;

/**
 * The stable suffix that tells apart archives with the same name: {@code "photos/a.jpg"} becomes
 * {@code "photos/a~k3x9q2ab.jpg"}, where the eight characters are a hash of the archive id.
 *
 * <p>The suffix depends only on the archive id, so an archive gets the same name in every run and
 * whatever order archives are listed, retrieved or delivered in (the AWS solution numbers
 * duplicates by row, so a name can move to another archive between runs). A hash rather than the
 * id's own first characters, because the hash is lower case (safe on case-insensitive file
 * systems) and does not depend on how the ids happen to start. Which archive keeps the plain name
 * is decided by {@link DuplicatePlan}.
 */
public final class DuplicateNames {

    private DuplicateNames() {
    }

    /** The name with the archive's suffix before the extension; the last segment stays within 255 bytes. */
    public static String withSuffix(String relativePath, String archiveId) {
        int slash = relativePath.lastIndexOf('/');
        String name = relativePath.substring(slash + 1);
        String extension = SafePath.extension(name);
        String stem = name.substring(0, name.length() - extension.length());
        String tail = "~" + ShortHash.of(archiveId) + extension;
        return relativePath.substring(0, slash + 1) + SafePath.appendWithin(stem, tail, SafePath.MAX_SEGMENT_BYTES);
    }

    /** As {@link #withSuffix(String, String)}, shortened deterministically if it would exceed maxBytes. */
    public static String withSuffix(String relativePath, String archiveId, int maxBytes) {
        String suffixed = withSuffix(relativePath, archiveId);
        return SafePath.utf8Length(suffixed) <= maxBytes ? suffixed : SafePath.sanitize(suffixed, maxBytes);
    }
}
