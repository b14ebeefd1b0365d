package io.thaw.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job lifecycle: InitiateJob validation, the completion scheduler (per-tier delay), DescribeJob /
 * ListJobs, output expiry, and the completion notice published through SNS. Jobs live in memory;
 * inventory outputs are snapshots written to files when the job completes ("immediate" inventory).
 */
final class Jobs implements AutoCloseable {

    /** Where completion notices go: publish a message to a topic ARN (no-op if the topic is gone). */
    interface Publisher {
        void publish(String topicArn, String message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final SandboxOptions options;
    private final VaultStore vaults;
    private final ArchiveStore store;
    private final SandboxLog log;
    private final Publisher publisher;
    private final Predicate<String> topicExists;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-jobs");
        t.setDaemon(true);
        return t;
    });
    private volatile double dropNotices;
    private volatile int repeatNotices;
    private volatile long repeatMaxDelayMs;

    Jobs(SandboxOptions options, VaultStore vaults, ArchiveStore store, SandboxLog log, Publisher publisher,
         Predicate<String> topicExists) {
        this.options = options;
        this.vaults = vaults;
        this.store = store;
        this.log = log;
        this.publisher = publisher;
        this.topicExists = topicExists;
    }

    String initiate(String vault, JsonNode p) {
        Job job = JobRequest.parse(vaults, vault, p, topicExists);
        synchronized (this) {
            if (!Instant.now().isBefore(purgeDue)) {
                purgeExpired();
            }
            jobs.put(job.id, job);
        }
        log.job(new SandboxLog.JobEntry(job.id, vault, job.action, job.archive == null ? null : job.archive.id(),
                job.tier, job.created, null));
        long delay = options.delayFor(job.tier == null ? "Standard" : job.tier).toMillis();
        timer.schedule(() -> complete(job), delay, TimeUnit.MILLISECONDS);
        return job.id;
    }

    /** The job, or 404 if unknown in this vault or its output has expired. */
    synchronized Job get(String vault, String jobId) {
        Job j = jobs.get(jobId);
        if (j == null || !j.vault.equals(vault) || j.expired(Instant.now())) {
            throw GlacierException.notFound("The job ID was not found: " + jobId);
        }
        return j;
    }

    /** ListJobs: in initiation order; Marker is the last job id returned when more remain. */
    synchronized Map<String, Object> list(String vault, String completed, String statusCode, String limit, String marker) {
        vaults.get(vault);
        if (completed != null && !completed.equals("true") && !completed.equals("false")) {
            throw GlacierException.invalid("The completed value is not valid: " + completed + " (use true or false)");
        }
        if (statusCode != null && !List.of("InProgress", "Succeeded", "Failed").contains(statusCode)) {
            throw GlacierException.invalid("The job status code is not valid: " + statusCode);
        }
        int max = 50;
        if (limit != null) {
            if (!limit.matches("\\d{1,2}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > 50) {
                throw GlacierException.invalid("Invalid limit: " + limit + " (1 to 50)");
            }
            max = Integer.parseInt(limit);
        }
        Instant now = Instant.now();
        List<Map<String, Object>> page = new ArrayList<>();
        String next = null;
        boolean started = marker == null;
        for (Job j : jobs.values()) {
            if (!started) {
                started = j.id.equals(marker);
                continue;
            }
            if (!j.vault.equals(vault) || j.expired(now)
                    || (completed != null && j.completed() != Boolean.parseBoolean(completed))
                    || (statusCode != null && !statusCode.equals(j.status()))) {
                continue;
            }
            if (page.size() == max) {
                next = (String) page.get(page.size() - 1).get("JobId");
                break;
            }
            page.add(j.describe());
        }
        if (!started) {
            throw GlacierException.invalid("Invalid marker: " + marker);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("JobList", page);
        out.put("Marker", next);
        return out;
    }

    /**
     * The earliest moment an output can expire: before it a purge finds nothing. (A scan of every job on
     * every InitiateJob made a whole-vault run quadratic: 100,000 archives, 5 billion checks.)
     */
    private Instant purgeDue = Instant.MAX;

    /** Called when a job's output gets its expiry (completion, or a test's {@link #expire}). */
    private synchronized void expiresAt(Instant when) {
        if (when.isBefore(purgeDue)) {
            purgeDue = when;
        }
    }

    /**
     * Forgets expired jobs so a long-running sandbox stays small, deleting their inventory files and
     * the files of archives deleted while these jobs still needed them.
     */
    private void purgeExpired() {
        Instant now = Instant.now();
        List<Job> expired = jobs.values().stream().filter(j -> j.expired(now)).toList();
        expired.forEach(j -> jobs.remove(j.id));
        purgeDue = jobs.values().stream().map(Job::expiresAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(Instant.MAX);
        for (Job j : expired) {
            try {
                if (!j.isArchive()) {
                    java.nio.file.Files.deleteIfExists(store.outputFile(j.id));
                } else if (!vaults.hasArchive(j.vault, j.archive.id()) && !retrieving(j.archive.id())) {
                    java.nio.file.Files.deleteIfExists(j.archive.file());
                    LeafHashes.delete(j.archive.file());
                }
            } catch (IOException e) {
                LOG.warn("sandbox: could not delete the files of expired job {}: {}", j.id, e.toString());
            }
        }
    }

    /** True while some live job still retrieves this archive (its file must then be kept). */
    synchronized boolean retrieving(String archiveId) {
        Instant now = Instant.now();
        return jobs.values().stream().anyMatch(j -> j.archive != null && j.archive.id().equals(archiveId)
                && !j.expired(now));
    }

    void completeAllNow() {
        List<Job> pending;
        synchronized (this) {
            pending = jobs.values().stream().filter(j -> !j.completed()).toList();
        }
        pending.forEach(this::complete);
    }

    void completeNow(String jobId) {
        Job j;
        synchronized (this) {
            j = jobs.get(jobId);
        }
        if (j == null) {
            throw new IllegalArgumentException("no job " + jobId + " in this sandbox");
        }
        complete(j);
    }

    void expire(String jobId) {
        Job j;
        synchronized (this) {
            j = jobs.get(jobId);
        }
        if (j == null) {
            throw new IllegalArgumentException("no job " + jobId + " in this sandbox");
        }
        complete(j);
        j.expire();
        expiresAt(Instant.EPOCH);
    }

    void dropNotices(double fraction) {
        dropNotices = fraction;
    }

    void repeatNotices(int copies, java.time.Duration maxDelay) {
        repeatMaxDelayMs = maxDelay.toMillis();
        repeatNotices = copies;
    }

    /**
     * Completes a job once (a second caller waits for the first), then publishes its notice. The work
     * (hashing a range, writing an inventory) runs outside the job's lock so DescribeJob stays quick.
     */
    private void complete(Job job) {
        if (!job.claim()) {
            job.awaitCompletion();
            return;
        }
        Instant expires = Instant.now().plus(options.outputExpiry());
        try {
            if (job.isArchive()) {
                completeArchive(job, expires);
            } else {
                completeInventory(job, expires);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("sandbox job {} failed: {}", job.id, e.toString());
            job.fail("Failed: " + e.getMessage(), expires);
        }
        expiresAt(expires);
        log.job(new SandboxLog.JobEntry(job.id, job.vault, job.action, job.archive == null ? null : job.archive.id(),
                job.tier, job.created, job.completedAt()));
        notifyCompletion(job);
    }

    private void completeArchive(Job job, Instant expires) throws IOException {
        if (!vaults.hasArchive(job.vault, job.archive.id())) {
            job.fail("The archive was deleted before the job completed: " + job.archive.id(), expires);
            return;
        }
        long len = job.rangeEnd - job.rangeStart + 1;
        String hash = job.treeHash();
        if (hash == null && TreeHash.isTreeAligned(job.rangeStart, job.rangeEnd, job.archive.size())) {
            hash = LeafHashes.rangeHex(job.archive.file(), job.rangeStart, job.rangeEnd);
        }
        job.succeed(job.archive.file(), job.rangeStart, len, hash, null, null, expires);
    }

    private void completeInventory(Job job, Instant expires) throws IOException {
        Instant from = JobRequest.parseDate(job.startDate, "StartDate");
        Instant to = JobRequest.parseDate(job.endDate, "EndDate");
        List<VaultStore.Archive> all = vaults.inventoryArchives(job.vault);
        all.sort(Comparator.comparing(VaultStore.Archive::created).thenComparing(VaultStore.Archive::id));
        List<VaultStore.Archive> page = new ArrayList<>();
        int max = job.limit == null ? Integer.MAX_VALUE : Integer.parseInt(job.limit);
        boolean started = job.marker == null;
        String next = null;
        for (VaultStore.Archive a : all) {
            started = started || a.id().equals(job.marker);
            if (!started || (from != null && a.created().isBefore(from)) || (to != null && !a.created().isBefore(to))) {
                continue;
            }
            if (page.size() == max) {
                next = a.id();
                break;
            }
            page.add(a);
        }
        Instant now = Instant.now();
        var file = store.outputFile(job.id);
        InventoryWriter.write(file, job.format, job.vaultArn, now, page);
        long size = java.nio.file.Files.size(file);
        boolean whole = job.marker == null && next == null && from == null && to == null;
        vaults.inventoryTaken(job.vault, now, whole ? page.size() : -1);
        job.succeed(file, 0, size, null, size, next, expires);
    }

    private void notifyCompletion(Job job) {
        if (dropNotices > 0 && unit(job.id) < dropNotices) {
            LOG.info("sandbox: dropping the completion notice of job {} (dropNotices)", job.id);
            return;
        }
        String message;
        try {
            message = Replies.JSON.writeValueAsString(job.describe());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        publishNotice(job, message);
        // SNS and SQS deliver at least once: repeatNotices sends the same notice again, at random moments
        for (int copy = 0; copy < repeatNotices; copy++) {
            long delay = java.util.concurrent.ThreadLocalRandom.current().nextLong(repeatMaxDelayMs + 1);
            timer.schedule(() -> publishNotice(job, message), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void publishNotice(Job job, String message) {
        if (job.snsTopic != null) {
            publisher.publish(job.snsTopic, message);
        }
        var n = vaults.notifications(job.vault);
        String event = job.isArchive() ? "ArchiveRetrievalCompleted" : "InventoryRetrievalCompleted";
        if (n != null && n.events().contains(event)) {
            publisher.publish(n.topic(), message);
        }
    }

    /** A stable number in [0,1) per job id, so dropNotices loses the same jobs on every run. */
    private static double unit(String id) {
        byte[] h = TreeHash.sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        return (java.nio.ByteBuffer.wrap(h).getLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
