package io.thaw.cli;

import io.thaw.ThawConfig;
import io.thaw.deliver.Delivered;
import io.thaw.deliver.Delivery;
import io.thaw.deliver.FileDestination;
import io.thaw.glacier.CompletedJob;
import io.thaw.glacier.OutputDownloader;
import io.thaw.glacier.OutputProblem;
import io.thaw.glacier.OutputRange;
import io.thaw.naming.ArchiveName;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code thaw fetch}: records the job in the store (adopting it when thaw did not start it), claims
 * it, downloads and verifies the output, delivers it and records DELIVERED. A whole-output fetch
 * shares its staging file and chunk records with {@code thaw run}, so either can resume the other's
 * work. A sub-range keeps its own chunk records and never changes the job's state: delivering part
 * of an output does not deliver the job.
 */
final class FetchRun {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What was delivered, and how long downloading (with verification) and delivering took. */
    record Outcome(String location, long size, String treeHash, int chunksFetched, int chunksReused,
                   double startupSeconds, double downloadSeconds, double deliverySeconds) {
    }

    private final JobStore store;
    private final OutputDownloader downloader;
    private final Path staging;
    private final ThawConfig cfg;
    private CompletableFuture<ArchiveNamer> namer;

    FetchRun(JobStore store, OutputDownloader downloader, Path staging, ThawConfig cfg) {
        this.store = store;
        this.downloader = downloader;
        this.staging = staging;
        this.cfg = cfg;
    }

    Outcome fetch(CompletedJob job, OutputRange sub, String expectedTreeHash, FetchTarget target, String to)
            throws IOException {
        boolean whole = sub == null;
        namer = CompletableFuture.supplyAsync(() -> {
            try {
                return buildNamer();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        adopt(job, to, whole);
        if (whole && !store.claimForDownload(job.jobId())) {
            throw new OutputProblem(OutputProblem.Kind.PERMANENT, "job " + job.jobId() + " is "
                    + store.find(job.jobId()).map(r -> r.state().name()).orElse("missing") + " in the job store");
        }
        String suffix = whole ? "" : ".bytes-" + sub.start() + "-" + sub.endInclusive();
        String chunkKey = job.jobId() + (whole ? "" : "#" + suffix.substring(1));
        Path folder = stagingFolder(target);
        Path file = folder.resolve(OutputDownloader.partName(job.jobId() + suffix));
        OutputDownloader.Result r;
        long t0 = System.nanoTime();
        try {
            r = downloader.download(new OutputDownloader.Target(job.account(), job.vault(), job.jobId(),
                    whole ? 0 : sub.start(), whole ? job.outputSize() : sub.length(), expectedTreeHash,
                    job.isInventory(), chunkKey), file);
        } catch (OutputProblem p) {
            if (whole && (p.kind() == OutputProblem.Kind.PERMANENT || p.kind() == OutputProblem.Kind.EXPIRED)) {
                store.markFailed(job.jobId(), p.getMessage());
            } else if (whole) {
                store.releaseAfterError(job.jobId(), p.getMessage());
            }
            throw p;
        }
        String description = r.archiveDescription();
        if (description != null) {
            store.recordArchiveDescription(job.jobId(), description);
        } else {
            description = store.find(job.jobId()).map(JobRecord::archiveDescription).orElse(null);
        }
        long t1 = System.nanoTime();
        pauseAt("verified");
        Delivery delivery = delivery(job, description, target, suffix, r);
        Delivered d;
        try {
            d = target.destination().deliver(r.file(), delivery);
        } catch (IOException | RuntimeException e) {
            if (whole) {
                store.releaseAfterError(job.jobId(), "delivery to " + to + " failed: " + e.getMessage());
            }
            throw e;
        }
        pauseAt("delivered");
        if (whole) {
            store.markDelivered(job.jobId(), d.location(), d.size(), r.chunkRecords()); // and drops those
        } else {
            store.clearChunks(chunkKey);
        }
        Files.deleteIfExists(r.file());
        if (!folder.equals(staging)) {
            removeIfEmpty(folder); // a fetch into a user's folder leaves no empty .thaw-staging behind
        }
        return new Outcome(d.location(), d.size(), r.treeHash(), r.chunksFetched(), r.chunksReused(),
                startupSeconds(t0), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    /**
     * Seconds from the JVM's start (configuration, Glacier client, DescribeJob, store) to the first ranged
     * request at {@code downloadStart}, which issue 14 wants under 1 s. Asked of the JMX runtime bean only
     * now, after delivery: loading it earlier would itself delay the first request.
     */
    private static double startupSeconds(long downloadStart) {
        long uptimeMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        return uptimeMillis / 1e3 - (System.nanoTime() - downloadStart) / 1e9;
    }

    /**
     * A folder destination's own staging folder (its file system: delivery renames, each byte written
     * once), else thaw.staging. Either way the same on every run, so a re-run resumes.
     */
    private Path stagingFolder(FetchTarget target) {
        Path own = target.destination() instanceof FileDestination f ? f.stagingFolder() : null;
        return own != null ? own : staging;
    }

    /**
     * For the kill tests (FetchWriteOnceTest): with {@code -Dthaw-test.pause-at=verified} (output verified,
     * not yet under its name) or {@code =delivered} (renamed, DELIVERED not yet recorded) a fetch says so
     * and waits to be killed. Unset in real runs.
     */
    private static void pauseAt(String phase) {
        if (phase.equals(System.getProperty("thaw-test.pause-at"))) {
            System.out.println("thaw fetch: paused at " + phase);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void removeIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException stillUsed) {
            // another fetch to the same folder is downloading: its file stays, and so does the folder
        }
    }

    /** Makes the job known to the store, and claimable when this run is to deliver it. */
    private void adopt(CompletedJob job, String to, boolean whole) {
        Optional<JobRecord> known = store.find(job.jobId());
        if (known.isEmpty()) {
            store.insert(new NewJob(job.jobId(), job.vault(), job.account(), job.action(), job.archiveId(), job.tier(),
                    job.format(), job.byteRange(), job.jobDescription(), null, null, to, null));
        }
        store.markStaged(job.jobId(), job.archiveSize(), job.outputSize(), job.archiveTreeHash(),
                job.outputTreeHash(), job.completedAt());
        JobState state = store.find(job.jobId()).orElseThrow().state();
        if (whole && (state == JobState.FAILED || state == JobState.DELIVERED)) {
            // Asked for explicitly: Glacier still has the output, so try again whatever the store concluded.
            store.reopenForFetch(job.jobId(), job.archiveSize(), job.outputSize(), job.archiveTreeHash(),
                    job.outputTreeHash(), job.completedAt());
        }
    }

    private Delivery delivery(CompletedJob job, String description, FetchTarget target, String suffix,
                              OutputDownloader.Result r) throws IOException {
        String name;
        Instant mtime = null;
        if (job.isInventory()) {
            Instant when = job.completedAt() != null ? job.completedAt() : Instant.now();
            name = job.vault() + "/inventory-" + STAMP.format(when) + ("CSV".equalsIgnoreCase(job.format()) ? ".csv" : ".json");
        } else {
            ArchiveName n = namer().name(job.archiveId(), description, null, target.maxNameBytes());
            name = n.relativePath() + suffix;
            mtime = n.lastModified();
        }
        if (target.exactName() != null) {
            name = target.exactName();
        }
        return new Delivery(name, r.size(), r.treeHash(), mtime, job.vault(), job.archiveId(), job.jobId())
                .sealed(r.seal());
    }

    /** Built while the output downloads (it loads Jackson and the description parsers: start-up time). */
    private ArchiveNamer namer() throws IOException {
        try {
            return namer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private ArchiveNamer buildNamer() throws IOException {
        String overrides = cfg.get("thaw.naming.overrides");
        return new ArchiveNamer(overrides == null ? NameOverrides.none() : NameOverrides.load(Path.of(overrides)));
    }
}
