package io.thaw.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What a run retrieves, as a request file's {@code "select"} object or the CLI's filter options say.
 * Kept as plain values (it is stored with the run as JSON and applied when the inventory arrives).
 *
 * @param descriptionGlob  glob over the whole archive description, or null
 * @param descriptionRegex Java regex over the whole description, or null
 * @param createdAfter     ISO-8601 UTC instant; archives created at or after it, or null
 * @param createdBefore    ISO-8601 UTC instant; archives created before it, or null
 * @param idsFile          file with one archive id per line, or null
 * @param maxArchives      at most this many retrieval jobs (0 = no limit)
 * @param dryRun           plan and report only; start nothing
 * @param inventory        {@code latest} (newest delivered inventory in the store) or {@code retrieve}
 *                         (start a fresh inventory job first)
 * @param inventoryPageSize Limit per inventory job when retrieving (0 = one page); pages follow Marker
 * @param maxCost          the run's budget in USD (retrieval fees as thaw.rates.* estimate them), or null
 */
public record Selection(String descriptionGlob, String descriptionRegex, Long minSize, Long maxSize,
                        String createdAfter, String createdBefore, String idsFile, long maxArchives,
                        boolean dryRun, String inventory, int inventoryPageSize, java.math.BigDecimal maxCost) {

    public static final String LATEST = "latest";
    public static final String RETRIEVE = "retrieve";

    public static Selection all() {
        return new Selection(null, null, null, null, null, null, null, 0, false, LATEST, 0, null);
    }

    public ArchiveFilter toFilter() throws IOException {
        Pattern description = descriptionRegex != null ? Pattern.compile(descriptionRegex, Pattern.DOTALL)
                : descriptionGlob != null ? ArchiveFilter.glob(descriptionGlob) : null;
        return new ArchiveFilter(description, minSize, maxSize, instant(createdAfter), instant(createdBefore),
                idsFile == null ? null : ArchiveFilter.readIds(Path.of(idsFile)));
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }
}
