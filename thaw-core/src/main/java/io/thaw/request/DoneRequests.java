package io.thaw.request;

import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs what a crash between "Glacier started the job" and "the store recorded it" leaves: a
 * completion notice for a job the store lacks, whose request file is already in {@code .done/}. The
 * requests there that name the notice's archive are handled again ({@link RequestHandler#submit}):
 * jobs already recorded for the same content are not started again, and a missing one is found
 * with ListJobs (JobStarter's ExistingJobs) and recorded with its request's destination and name,
 * instead of the notice being dropped as "not started by thaw". Each request file is replayed at
 * most once per process, so notices of other tools' jobs cost a look at recent files only.
 */
public final class DoneRequests {

    private static final Logger LOG = LoggerFactory.getLogger(DoneRequests.class);

    private final Path done;
    private final RequestHandler handler;
    private final JobStore store;
    private final Duration lookBack;
    private final Set<String> replayed = ConcurrentHashMap.newKeySet();

    /**
     * @param lookBack how old a request file in .done/ may be to be replayed: Glacier jobs finish within
     *                 hours and their output stays 24 h, so older requests cannot explain a notice
     */
    public DoneRequests(Path inbox, RequestHandler handler, JobStore store, Duration lookBack) {
        this.done = inbox.resolve(".done");
        this.handler = handler;
        this.store = store;
        this.lookBack = lookBack;
    }

    /** True when the job is in the store now, recorded from a request in .done/ that names its archive. */
    public synchronized boolean adopt(String vault, String archiveId, String jobId) {
        if (archiveId == null || !Files.isDirectory(done)) {
            return false;
        }
        Instant after = Instant.now().minus(lookBack);
        for (Path file : recent(after)) {
            String relative = done.relativize(file).toString().replace('\\', '/');
            try {
                byte[] content = Files.readAllBytes(file);
                String key = relative + "@" + Files.getLastModifiedTime(file).toMillis();
                if (!new String(content, StandardCharsets.UTF_8).contains(archiveId) || !replayed.add(key)) {
                    continue;
                }
                List<JobRecord> jobs = handler.submit(relative, content);
                if (store.find(jobId).isPresent()) {
                    LOG.warn("job {} of vault '{}' was missing from the job store (a crash lost its record after its"
                            + " request moved to .done/): recorded again from .done/{} with {} job(s) of that request",
                            JobRecord.shortId(jobId), vault, relative, jobs.size());
                    return true;
                }
            } catch (RequestRejectedException | IOException | RuntimeException e) {
                LOG.debug("replaying .done/{} for job {}: {}", relative, JobRecord.shortId(jobId), e.toString());
            }
        }
        return false;
    }

    private List<Path> recent(Instant after) {
        try (Stream<Path> s = Files.walk(done, 2)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant().isAfter(after);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("cannot look for requests in {}: {}", done, e.getMessage());
            return List.of();
        }
    }
}
