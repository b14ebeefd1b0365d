package io.thaw.naming;

import io.thaw.log.LogText;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The naming policy for one archive: the request's name wins, then the override CSV, then the
 * description; an empty description gives {@code 00undefined/<archiveId>}, one that cannot be read
 * {@code 00error/<archiveId>}. Every name, whatever its source, goes through {@link SafePath}.
 * The modification time always comes from the description, because an override renames a file but
 * does not change when it was last modified. Duplicate names are resolved afterwards, across the
 * whole vault, by {@link DuplicatePlan}. Stateless and thread-safe.
 */
public final class ArchiveNamer {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveNamer.class);

    private final NameOverrides overrides;

    public ArchiveNamer(NameOverrides overrides) {
        this.overrides = Objects.requireNonNull(overrides, "overrides (use NameOverrides.none())");
    }

    /**
     * @param requestedName the name the request asked for, or null
     * @param maxBytes      limit for the relative path in UTF-8 bytes
     * @throws IllegalArgumentException if the requested name has no usable characters
     */
    public ArchiveName name(String archiveId, String description, String requestedName, int maxBytes) {
        Objects.requireNonNull(archiveId, "archiveId");
        ParsedDescription parsed = DescriptionParser.parse(description);
        if (requestedName != null && !requestedName.isBlank()) {
            String safe = SafePath.sanitize(requestedName, maxBytes);
            if (safe == null) {
                throw new IllegalArgumentException("requested name '" + requestedName + "' for archive "
                        + archiveId + " has no usable characters — give a relative file name such as 'photos/a.jpg'");
            }
            return new ArchiveName(safe, parsed.lastModified(), "request");
        }
        String override = overrides.fileName(archiveId);
        if (override != null) {
            // NameOverrides.load already rejected rows that sanitise to nothing.
            return new ArchiveName(SafePath.sanitize(override, maxBytes), parsed.lastModified(), "override");
        }
        return switch (parsed.format()) {
            case EMPTY -> new ArchiveName(fallback("00undefined/", archiveId, maxBytes), null, "undefined");
            case UNPARSABLE -> {
                LOG.warn("Archive {}: description cannot be read ({}); naming it 00error/{} — add a row"
                        + " \"{},<file name>\" to the naming overrides CSV to choose its name",
                        LogText.escape(archiveId), LogText.escape(parsed.problem()), LogText.escape(archiveId),
                        LogText.escape(archiveId));
                yield new ArchiveName(fallback("00error/", archiveId, maxBytes), null, "error");
            }
            default -> {
                String safe = SafePath.sanitize(parsed.path(), maxBytes);
                // e.g. a CloudBerry Path of spaces, or a plain description of only "../"
                yield safe == null
                        ? new ArchiveName(fallback("00undefined/", archiveId, maxBytes), parsed.lastModified(), "undefined")
                        : new ArchiveName(safe, parsed.lastModified(), parsed.format().source());
            }
        };
    }

    /** {@code folder + archiveId}; Glacier ids are base64url, but a hostile id must not escape the folder either. */
    private static String fallback(String folder, String archiveId, int maxBytes) {
        String safe = SafePath.sanitize(folder + archiveId.replace('/', '_').replace('\\', '_'), maxBytes);
        return safe != null && safe.startsWith(folder) && safe.length() > folder.length()
                ? safe
                : SafePath.sanitize(folder + ShortHash.of(archiveId), maxBytes);
    }
}
