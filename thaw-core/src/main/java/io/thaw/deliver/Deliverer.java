package io.thaw.deliver;

import io.thaw.glacier.JobHold;
import io.thaw.glacier.OutputFetcher;
import io.thaw.naming.ArchiveName;
import io.thaw.naming.ArchiveNamer;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last link of the processor chain: names the verified output, hands it to the job's destination
 * and records DELIVERED. Staging files and chunk records are removed only after the destination
 * confirmed the final name, so a failure here leaves everything for the retry. The job's hold (taken
 * by the fetcher) lasts until this ends: the destination checks the bytes it delivers against the
 * job's size and tree hash and fences the claim before the final name, and DELIVERED is recorded only
 * while the claim is still this instance's.
 */
public final class Deliverer {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    private static final DateTimeFormatter INVENTORY_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Part of the fence's message; CamelUpload's scrubbing keeps messages but not exception types. */
    private static final String CLAIM_LOST_MARK = "ran out or was taken over before delivery finished";

    private final JobStore store;
    private final Destinations destinations;
    private final ArchiveNamer namer;
    private final CopyHook copies;

    public Deliverer(JobStore store, Destinations destinations, ArchiveNamer namer) {
        this(store, destinations, namer, CopyHook.NONE);
    }

    /** @param copies writes archives of the same content from this output (whole-vault runs) */
    public Deliverer(JobStore store, Destinations destinations, ArchiveNamer namer, CopyHook copies) {
        this.store = store;
        this.destinations = destinations;
        this.namer = namer;
        this.copies = copies;
    }

    /**
     * Delivers and returns the event describing it (vault, ids, where, size, tree hash, name), or null
     * when the job's claim was lost meanwhile (another instance took it over and delivers it) or the job
     * became FAILED because no retry could deliver it (see {@link Undeliverable}).
     */
    public DeliveredEvent deliver(OutputFetcher.Fetched f) throws IOException {
        try (JobHold hold = f.hold()) {
            return deliverHeld(f, hold);
        }
    }

    private DeliveredEvent deliverHeld(OutputFetcher.Fetched f, JobHold hold) throws IOException {
        JobRecord job = f.job();
        try {
            requireJobsOutput(f);
            // resolving and naming inside the try too: a destination the configuration cannot build must leave
            // the job STAGED with that message (fixable, retried), not DOWNLOADING with none
            Destination destination = destinations.resolve(job.destination());
            String name;
            Instant mtime = null;
            if (job.isInventory()) {
                // A requested name wins (a run names each inventory page; pages may finish in the same second).
                String requested = job.name() == null ? null : io.thaw.naming.SafePath.sanitize(job.name(), 4096);
                name = requested != null ? requested : inventoryName(job);
            } else {
                int maxBytes = maxNameBytes(job.destination());
                ArchiveName n;
                try {
                    n = namer.name(job.archiveId(), f.archiveDescription(), job.name(), maxBytes);
                } catch (IllegalArgumentException unnamable) {
                    throw new Undeliverable.UnusableName(unnamable.getMessage());
                }
                name = rangeSuffix(n.relativePath(), job.byteRange(), job.archiveSize(), maxBytes);
                mtime = n.lastModified();
            }
            Delivery delivery = new Delivery(name, f.size(), f.treeHash(), mtime, job.vault(), job.archiveId(),
                    job.jobId(), hold::fence, f.seal());
            if (!job.isInventory()) {
                // before the output itself: a folder destination moves the verified file into place
                copies.deliverCopies(job, f.file(), destination, delivery);
            }
            Delivered d = destination.deliver(f.file(), delivery);
            if (d.size() != f.size()) {
                throw new IOException(d.location() + " reports " + d.size() + " bytes after delivery, not the "
                        + f.size() + " verified — the destination changed the file; the job is delivered again");
            }
            // fenced: recorded only while this instance still holds the claim (and drops the chunk records)
            if (!store.markDelivered(job.jobId(), d.location(), d.size(), f.chunkRecords(), hold.owner())
                    && hold.owner() != null) {
                LOG.warn("job {}: delivered to {}, but its claim passed to another instance just before DELIVERED"
                        + " was recorded; that instance records it (the same verified bytes, the same name)",
                        JobRecord.shortId(job.jobId()), d.location());
                return null;
            }
            io.thaw.metrics.ThawMetrics.bytesDelivered(d.size());
            Files.deleteIfExists(f.file());
            LOG.info("DELIVERED vault={} archive={} job={} bytes={} -> {}", job.vault(),
                    JobRecord.shortId(job.archiveId()), JobRecord.shortId(job.jobId()), d.size(),
                    io.thaw.log.LogText.escape(d.location()));
            return new DeliveredEvent(job.vault(), job.archiveId(), job.jobId(), job.destination(), d.location(),
                    d.size(), f.treeHash(), delivery.relativeName(), Instant.now().toString());
        } catch (IOException | RuntimeException e) {
            if (claimLost(e)) {
                // the instance that holds the claim now delivers: this one must neither record nor release
                LOG.warn("job {}: not delivered by instance '{}': {}", JobRecord.shortId(job.jobId()), hold.owner(),
                        e.getMessage());
                return null; // its staging file stays: instances may share the staging folder (the sweep removes it)
            }
            String never = Undeliverable.reason(e);
            if (never != null) {
                failForGood(f, never);
                return null;
            }
            throw reported(job, e, hold.owner());
        }
    }

    /** The verified output must be the job's: its size and tree hash as Glacier gave them. */
    private static void requireJobsOutput(OutputFetcher.Fetched f) throws IOException {
        JobRecord job = f.job();
        boolean sizeOk = job.outputSize() == null || job.outputSize() == f.size();
        boolean hashOk = job.outputTreeHash() == null || job.outputTreeHash().equalsIgnoreCase(f.treeHash());
        if (!sizeOk || !hashOk) {
            throw new IOException("job " + job.jobId() + ": the fetched output (" + f.size() + " bytes, tree hash "
                    + f.treeHash() + ") is not the job's (" + job.outputSize() + " bytes, tree hash "
                    + job.outputTreeHash() + ") — not delivered; it is fetched again");
        }
    }

    private static boolean claimLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JobHold.ClaimLostException || (t.getMessage() != null
                    && t.getMessage().contains(CLAIM_LOST_MARK))) {
                return true;
            }
        }
        return false;
    }

    /** No retry can deliver this output: FAILED with the reason (not STAGED forever), staging freed. */
    private void failForGood(OutputFetcher.Fetched f, String reason) throws IOException {
        JobRecord job = f.job();
        String error = "delivery to " + job.destination() + " can never succeed: " + reason;
        if (store.markFailed(job.jobId(), error)) {
            LOG.error("FAILED job {} (vault {}, archive {}): {}", JobRecord.shortId(job.jobId()), job.vault(),
                    JobRecord.shortId(job.archiveId()), io.thaw.log.LogText.escape(error));
        }
        if (f.chunkRecords()) {
            store.clearChunks(job.jobId());
        }
        Files.deleteIfExists(f.file());
    }

    /**
     * Records the failure on the job (back to STAGED until its next attempt) and logs it once, as one
     * WARN line with the same text the job records (thaw status, the API); the stack trace only at DEBUG.
     * Destination messages carry the server's own words and the fix, never credentials.
     */
    private DeliveryFailedException reported(JobRecord job, Exception e, String owner) {
        String error = "delivery to " + job.destination() + " failed: " + e.getMessage();
        Instant next = store.releaseAfterError(job.jobId(), error, owner);
        LOG.warn("NOT DELIVERED vault={} archive={} job={}: {} — next attempt {}", job.vault(),
                JobRecord.shortId(job.archiveId()), JobRecord.shortId(job.jobId()), error,
                next == null ? "when the notice comes back or the reconciler finds the job" : "at " + next);
        LOG.debug("delivery of job {} failed", job.jobId(), e);
        return new DeliveryFailedException(error, e);
    }

    /**
     * Why this job's output can never reach its destination (over the S3 object limit), or null. Asked
     * before download, once Glacier has told the size, so no bytes are fetched for nothing.
     */
    public String refusal(JobRecord job) {
        Long size = job.outputSize() != null ? job.outputSize() : job.archiveSize();
        if (size == null || job.destination() == null) {
            return null;
        }
        try {
            String reason = destinations.refusal(job.destination(), size);
            return reason == null ? null : "job " + job.jobId() + " of vault '" + job.vault() + "': " + reason;
        } catch (IllegalArgumentException badDestination) {
            return null; // delivery reports a destination it cannot resolve, with its own message
        }
    }

    /** S3 keys are at most 1,024 UTF-8 bytes including the destination's prefix; file names get room too. */
    private int maxNameBytes(String destination) {
        if (!destinations.isS3(destination)) {
            return 4096;
        }
        String path = java.net.URI.create(destination.trim()).getRawPath();
        return 1024 - (path == null ? 0 : path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /** {@code <vault>/inventory-<completion time>.json|csv}. */
    static String inventoryName(JobRecord job) {
        Instant when = job.completedAt() != null ? job.completedAt() : Instant.now();
        String ext = "CSV".equalsIgnoreCase(job.format()) ? "csv" : "json";
        return job.vault() + "/inventory-" + INVENTORY_STAMP.format(when) + "." + ext;
    }

    /** A partial retrieval must never take the whole archive's name. */
    static String rangeSuffix(String name, String byteRange, Long archiveSize, int maxBytes) {
        if (byteRange == null || byteRange.isBlank()) {
            return name;
        }
        if (archiveSize != null && byteRange.equals("0-" + (archiveSize - 1))) {
            return name;
        }
        // within 255 bytes per name: a name already at the limit is cut, with a hash, not refused
        return io.thaw.naming.SafePath.appendToName(name, ".bytes-" + byteRange, maxBytes);
    }
}
