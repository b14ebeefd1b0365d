package io.thaw.deliver;

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
 * confirmed the final name, so a failure here leaves everything for the retry.
 */
public final class Deliverer {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    private static final DateTimeFormatter INVENTORY_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

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

    /** Delivers and returns the event describing it (vault, ids, where, size, tree hash, name). */
    public DeliveredEvent deliver(OutputFetcher.Fetched f) throws IOException {
        JobRecord job = f.job();
        try {
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
                ArchiveName n = namer.name(job.archiveId(), f.archiveDescription(), job.name(),
                        maxNameBytes(job.destination()));
                name = rangeSuffix(n.relativePath(), job.byteRange(), job.archiveSize());
                mtime = n.lastModified();
            }
            Delivery delivery = new Delivery(name, f.size(), f.treeHash(), mtime, job.vault(), job.archiveId(),
                    job.jobId());
            if (!job.isInventory()) {
                // before the output itself: a folder destination moves the verified file into place
                copies.deliverCopies(job, f.file(), destination, delivery);
            }
            Delivered d = destination.deliver(f.file(), delivery);
            store.markDelivered(job.jobId(), d.location(), d.size(), f.chunkRecords()); // and drops those
            io.thaw.metrics.ThawMetrics.bytesDelivered(d.size());
            Files.deleteIfExists(f.file());
            LOG.info("DELIVERED vault={} archive={} job={} bytes={} -> {}", job.vault(),
                    JobRecord.shortId(job.archiveId()), JobRecord.shortId(job.jobId()), d.size(), d.location());
            return new DeliveredEvent(job.vault(), job.archiveId(), job.jobId(), job.destination(), d.location(),
                    d.size(), f.treeHash(), delivery.relativeName(), Instant.now().toString());
        } catch (IOException | RuntimeException e) {
            store.releaseAfterError(job.jobId(), "delivery to " + job.destination() + " failed: " + e.getMessage());
            throw e;
        }
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
    static String rangeSuffix(String name, String byteRange, Long archiveSize) {
        if (byteRange == null || byteRange.isBlank()) {
            return name;
        }
        if (archiveSize != null && byteRange.equals("0-" + (archiveSize - 1))) {
            return name;
        }
        return name + ".bytes-" + byteRange;
    }
}
