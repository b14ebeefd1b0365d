package io.thaw.glacier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;

/**
 * What ListJobs says is running or finished in a vault, so thaw never starts a second retrieval of an
 * archive while a valid one exists (the glacier-cli habit). The listing is kept per vault for a short
 * time: a request for thousands of archives costs one ListJobs walk, not one per archive. Only a few
 * fields per job are kept, and only jobs that can still deliver (in progress or succeeded).
 */
public final class ExistingJobs {

    /** A retrieval Glacier knows about; {@code completed} false while in progress. */
    public record Found(String jobId, boolean completed, String byteRange, Long archiveSize, String archiveTreeHash,
                        String outputTreeHash, Instant completionDate) {
    }

    private record Listing(Instant at, Map<String, List<Found>> byArchive) {
    }

    private final GlacierClient glacier;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Listing> cache = new ConcurrentHashMap<>();

    public ExistingJobs(GlacierClient glacier, Duration maxAge, Clock clock) {
        this.glacier = glacier;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** A valid retrieval of this archive and range whose id {@code skip} does not reject. */
    public Optional<Found> find(String account, String vault, String archiveId, String byteRange,
                                Predicate<String> skip) {
        Listing l = cache.compute(account + "/" + vault, (k, old) ->
                old != null && old.at().plus(maxAge).isAfter(clock.instant()) ? old : list(account, vault));
        for (Found f : l.byArchive().getOrDefault(archiveId, List.of())) {
            if (sameRange(f.byteRange(), byteRange, f.archiveSize()) && !skip.test(f.jobId())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Forget a vault's listing (after thaw started a job there, the listing is stale). */
    public void forget(String account, String vault) {
        cache.remove(account + "/" + vault);
    }

    private Listing list(String account, String vault) {
        Map<String, List<Found>> byArchive = new HashMap<>();
        glacier.listJobsPaginator(b -> b.accountId(account).vaultName(vault)).jobList().forEach(j -> {
            if (j.archiveId() != null && isUsable(j)) {
                byArchive.computeIfAbsent(j.archiveId(), a -> new ArrayList<>()).add(new Found(j.jobId(),
                        Boolean.TRUE.equals(j.completed()), j.retrievalByteRange(), j.archiveSizeInBytes(),
                        j.archiveSHA256TreeHash(), j.sha256TreeHash(),
                        j.completionDate() == null ? null : Instant.parse(j.completionDate())));
            }
        });
        return new Listing(clock.instant(), byArchive);
    }

    private static boolean isUsable(GlacierJobDescription j) {
        String status = j.statusCodeAsString();
        return "ArchiveRetrieval".equals(j.actionAsString()) && ("InProgress".equals(status) || "Succeeded".equals(status));
    }

    /** Glacier reports a whole-archive job as range 0-(size-1); a request without a range means the same. */
    static boolean sameRange(String listed, String requested, Long archiveSize) {
        return normalise(listed, archiveSize).equals(normalise(requested, archiveSize));
    }

    private static String normalise(String range, Long size) {
        if (range == null || range.isBlank() || (size != null && range.equals("0-" + (size - 1)))) {
            return "";
        }
        return range;
    }
}
