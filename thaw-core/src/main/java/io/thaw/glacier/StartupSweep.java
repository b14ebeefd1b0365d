package io.thaw.glacier;

import io.thaw.deliver.Destination;
import io.thaw.deliver.FileDestination;
import io.thaw.deliver.S3Destination;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a killed process leaves behind: staging files ({@code <jobId>.part}, in thaw.staging and
 * in folder destinations' {@code .thaw-staging}) of jobs that are final or unknown, and {@code .thaw-part} files in folder destinations that nobody has written to for
 * longer than a claim lasts (an instance still writing one keeps touching it, and holds its claim),
 * and S3 multipart uploads under S3 destinations begun longer ago than that.
 * Staging files of jobs still to deliver stay: their verified chunks let the download resume.
 */
public final class StartupSweep {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSweep.class);
    static final String DESTINATION_PART = ".thaw-part";

    private final JobStore store;
    private final Path staging;
    private final Collection<String> destinations;
    private final Duration idle;
    private final java.util.function.Function<String, Destination> resolver;

    /**
     * @param destinations destination URIs: file: ones are walked for part files, S3 ones (via
     *                     {@code resolver}) have their stale multipart uploads aborted
     */
    public StartupSweep(JobStore store, Path staging, Collection<String> destinations, Duration idle,
                        java.util.function.Function<String, Destination> resolver) {
        this.store = store;
        this.staging = staging;
        this.destinations = destinations;
        this.idle = idle;
        this.resolver = resolver;
    }

    /** Answers how many files were removed. */
    public int run() {
        int removed = 0;
        List<Path> folders = new java.util.ArrayList<>(List.of(staging));
        destinations.forEach(d -> fileRoot(d).ifPresent(root -> folders.add(root.resolve(FileDestination.STAGING_FOLDER))));
        for (Path p : folders.stream().distinct().flatMap(f -> stagingFiles(f).stream()).toList()) {
            String name = p.getFileName().toString();
            String jobId = name.substring(0, name.length() - OutputDownloader.PART.length());
            Optional<JobRecord> job = store.find(jobId);
            if (job.isEmpty() || job.get().state().isFinal()) {
                removed += delete(p, job.map(j -> "job is " + j.state()).orElse("job unknown to the store"));
                job.ifPresent(j -> store.clearChunks(jobId));
            }
        }
        for (String d : destinations) {
            Optional<Path> root = fileRoot(d);
            if (root.isPresent()) {
                removed += sweepDestination(root.get());
            } else if (d.regionMatches(true, 0, "s3://", 0, 5)) {
                removed += abortStaleUploads(d);
            }
        }
        return removed;
    }

    private int abortStaleUploads(String uri) {
        try {
            return resolver.apply(uri) instanceof S3Destination s3
                    ? s3.abortUploadsStartedBefore(Instant.now().minus(idle)) : 0;
        } catch (RuntimeException e) {
            LOG.warn("startup sweep: could not list the multipart uploads of {}: {} — abort them by hand or with a"
                    + " bucket lifecycle rule", uri, e.getMessage());
            return 0;
        }
    }

    private static List<Path> stagingFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(OutputDownloader.PART)).toList();
        } catch (IOException e) {
            LOG.warn("startup sweep: cannot list {}: {}", folder, e.getMessage());
            return List.of();
        }
    }

    /** Streams the tree (a destination may hold millions of files): only part files are looked at. */
    private int sweepDestination(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant before = Instant.now().minus(idle);
        int[] removed = {0};
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.getFileName().toString().endsWith(DESTINATION_PART)).forEach(p -> {
                try {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                        removed[0] += delete(p, "unfinished delivery of a stopped process");
                    }
                } catch (IOException e) {
                    LOG.debug("cannot read {}: {}", p, e.toString());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("startup sweep: cannot walk {}: {}", root, e.getMessage());
        }
        return removed[0];
    }

    private static int delete(Path p, String why) {
        try {
            if (Files.deleteIfExists(p)) {
                LOG.info("startup sweep: removed {} ({})", p, why);
                return 1;
            }
        } catch (IOException e) {
            LOG.warn("startup sweep: could not remove {}: {} — remove it by hand", p, e.getMessage());
        }
        return 0;
    }

    static Optional<Path> fileRoot(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "file:", 0, 5)) {
            return Optional.empty();
        }
        try {
            return Optional.of(uri.regionMatches(true, 0, "file://", 0, 7) ? Paths.get(java.net.URI.create(uri))
                    : Path.of(uri.substring(5)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
