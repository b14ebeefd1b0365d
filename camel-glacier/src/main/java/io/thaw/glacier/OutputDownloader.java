package io.thaw.glacier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Pulls a finished job's output into a staging file: tree-hash-aligned ranged GETs, several at once,
 * each written at its offset (positional writes, no whole-chunk buffer) while its tree hash is
 * computed in the same pass, checked against the chunk's {@code x-amz-sha256-tree-hash}, retried with
 * back-off on throttling, 5xx, timeouts, truncation and mismatches. Verified chunks are recorded in
 * a {@link ChunkLog} (thaw's job store, a {@link FileChunkLog}), so after a crash the next attempt re-checks them locally and fetches only the rest.
 * The whole-output tree hash, composed from the chunk hashes, must equal the job's hash.
 */
public final class OutputDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(OutputDownloader.class);

    /**
     * Which output to fetch: {@code size} bytes from {@code offset} of the job's output (0 and the whole
     * output, or a tree-aligned sub-range). expectedTreeHash is null only for inventories (Glacier gives
     * none). Verified chunks are recorded in the store under {@code chunkKey}: the job id for the whole
     * output, something else for a sub-range so the two never mix.
     */
    public record Target(String account, String vault, String jobId, long offset, long size, String expectedTreeHash,
                         boolean inventory, String chunkKey) {

        /** The whole output of a job. */
        public Target(String account, String vault, String jobId, long size, String expectedTreeHash,
                      boolean inventory) {
            this(account, vault, jobId, 0, size, expectedTreeHash, inventory, jobId);
        }
    }

    /**
     * A verified output in staging.
     *
     * @param chunkRecords whether the store may hold chunk records of this output (to drop once delivered)
     * @param seal         the file as verified (every byte hashed as given to it with O_DIRECT, or as read
     *                     back from it), for a delivery by rename to skip a second read; null for a one-chunk
     *                     output (a small file is read back cheaply, and its seal's wait for the timestamp
     *                     tick would cost more) or where the file system has no unix attributes
     */
    public record Result(Path file, long size, String treeHash, String archiveDescription,
                         int chunksFetched, int chunksReused, boolean chunkRecords, FileSeal seal) {
    }

    /** What {@link #partName} appends. */
    public static final String PART = ".part";

    /**
     * The staging file of output {@code chunkKey} (a job id, or a job id and a sub-range): the same name on
     * every attempt, which resuming after a crash and thaw's start-up sweep rely on.
     */
    public static String partName(String chunkKey) {
        return chunkKey + PART;
    }

    private final GlacierReads glacier;
    private final ChunkLog store;
    private final DownloadSettings settings;
    private final Backoff backoff;
    private final ProgressListener listener;

    /**
     * Through either transport ({@link GlacierReads}).
     *
     * @param listener also told the progress (every second), e.g. to draw a console line
     */
    public OutputDownloader(GlacierReads glacier, ChunkLog store, DownloadSettings settings,
                            ProgressListener listener) {
        this.glacier = glacier;
        this.store = store;
        this.settings = settings;
        this.backoff = settings.backoff();
        this.listener = listener;
    }

    public Result download(Target t, Path staging) throws IOException {
        if (!t.inventory() && t.expectedTreeHash() == null) {
            throw new OutputProblem(OutputProblem.Kind.PERMANENT, "job " + t.jobId() + " of vault '" + t.vault()
                    + "' has no SHA256TreeHash (its RetrievalByteRange is not tree-hash aligned), so its bytes cannot"
                    + " be verified — request a range whose length is a power-of-two number of MiB and whose start"
                    + " is a multiple of that length, or the whole archive");
        }
        Files.createDirectories(staging.toAbsolutePath().getParent());
        long chunk = settings.chunkSize();
        int count = (int) Math.max(1, (t.size() + chunk - 1) / chunk);
        byte[][] hashes = new byte[count][];
        // One chunk (most archives of a big vault are smaller than a chunk): nothing to resume from, so no
        // chunk records, no flusher and no pool — two store statements and two threads fewer per archive.
        boolean single = count == 1;
        int reused = single ? 0 : ChunkResume.reuse(store, settings, t, staging, hashes);
        ProgressMeter meter = new ProgressMeter("job " + shortId(t.jobId()) + " (" + t.vault() + ")", t.size(),
                ChunkResume.bytes(settings, hashes, t.size()), bytes -> store.recordProgress(t.jobId(), bytes), listener);
        AtomicReference<String> description = new AtomicReference<>();
        try (StagingChannels file = StagingChannels.open(staging, !single && settings.directIo())) {
            if (reused == 0) {
                file.buffered().truncate(0);
            }
            if (single) {
                hashes[0] = fetchAlone(t, file, meter, description);
            } else {
                fetchMissing(t, file, hashes, meter, description);
            }
            file.buffered().truncate(t.size());
            // Chunks were forced before being recorded (DurableChunkRecorder); a file destination forces again.
        }
        meter.finish(!single);
        String whole = TreeHash.toHex(TreeHash.combine(List.of(hashes)));
        if (t.expectedTreeHash() != null && !t.expectedTreeHash().equalsIgnoreCase(whole)) {
            DownloadCounters.current().hashMismatch();
            if (!single) {
                store.clearChunks(t.chunkKey());
            }
            throw new OutputProblem(OutputProblem.Kind.TRANSIENT, "job " + t.jobId() + ": every chunk matched its"
                    + " header but the whole output hashes to " + whole + ", not the job's " + t.expectedTreeHash()
                    + " — the output will be fetched again from the start");
        }
        LOG.debug("job {} verified: {} bytes, tree hash {}", shortId(t.jobId()), t.size(), whole);
        return new Result(staging, t.size(), whole, description.get(), count - reused, reused, !single,
                single ? null : FileSeal.of(staging));
    }

    private void fetchMissing(Target t, StagingChannels file, byte[][] hashes, ProgressMeter meter,
                              AtomicReference<String> description) throws IOException {
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == null) {
                todo.add(i);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        int workers = Math.min(settings.parallel(), todo.size());
        ParallelRamp ramp = new ParallelRamp(workers, System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "thaw-download-" + shortId(t.jobId()));
            th.setDaemon(true);
            return th;
        });
        DurableChunkRecorder recorder = new DurableChunkRecorder(file.buffered(), store, t.chunkKey());
        // Workers are added while aggregate throughput rises (ParallelRamp); a worker adds them before it
        // ends, so once the main thread has waited for every future in the list, no more can come.
        List<Future<?>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            Runnable worker = new Runnable() {
                @Override
                public void run() {
                    for (int k; !stop.get() && (k = next.getAndIncrement()) < todo.size(); ) {
                        int index = todo.get(k);
                        try {
                            hashes[index] = fetchWithRetries(t, file, index, meter, description);
                            // Recorded once durable, by a flusher that forces while the workers download:
                            // the disk overlaps the network instead of leaving gigabytes of dirty pages for
                            // one long fsync at delivery, and no worker waits for it.
                            long length = settings.chunkLength(index, t.size());
                            recorder.verified(index, length, hashes[index]);
                            for (int more = ramp.finished(length, System.nanoTime());
                                 more > 0 && next.get() < todo.size(); more--) {
                                futures.add(pool.submit(this));
                            }
                        } catch (Throwable e) {
                            failures.put(index, e);
                            stop.set(true);
                        }
                    }
                }
            };
            for (int w = 0; w < ramp.initial(); w++) {
                futures.add(pool.submit(worker));
            }
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).get();
            }
            LOG.debug("job {}: {} requests in flight at the end", shortId(t.jobId()), ramp.active());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            throw interrupted(t, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            recorder.close(); // records what was verified before a failure too, so a re-run resumes from it
        }
        if (!failures.isEmpty()) {
            throw failed(t, failures.values().iterator().next());
        }
    }

    /** The only chunk, on the calling thread; failures as {@link #fetchMissing} reports them. */
    private byte[] fetchAlone(Target t, StagingChannels file, ProgressMeter meter, AtomicReference<String> description) {
        try {
            return fetchWithRetries(t, file, 0, meter, description);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(t, e);
        } catch (RuntimeException e) {
            throw failed(t, e);
        }
    }

    private static OutputProblem interrupted(Target t, InterruptedException e) {
        return new OutputProblem(OutputProblem.Kind.TRANSIENT, "download of job " + t.jobId() + " interrupted", e);
    }

    /** A chunk's failure as the download's: an OutputProblem as it is, anything else as a transient one. */
    private static OutputProblem failed(Target t, Throwable e) {
        return e instanceof OutputProblem p ? p : new OutputProblem(OutputProblem.Kind.TRANSIENT,
                "download of job " + t.jobId() + " failed: " + e.getMessage(), e);
    }

    private byte[] fetchWithRetries(Target t, StagingChannels file, int index, ProgressMeter meter,
                                    AtomicReference<String> description) throws InterruptedException {
        long off = index * settings.chunkSize();
        long len = settings.chunkLength(index, t.size());
        for (int attempt = 1; ; attempt++) {
            long[] written = {0};
            try {
                return fetchChunk(t, file, off, len, meter, written, description);
            } catch (OutputProblem p) {
                throw p;
            } catch (IOException | SdkException | ChunkCopy.ChunkMismatch e) {
                OutputProblem fatal = ChunkFailures.verdict(e, t, index, attempt, settings);
                if (fatal != null) {
                    throw fatal;
                }
                retryLog(t, index, attempt, e);
            }
            meter.undo(written[0]);
            backoff.pause(attempt);
        }
    }

    private byte[] fetchChunk(Target t, StagingChannels file, long off, long len, ProgressMeter meter, long[] written,
                              AtomicReference<String> description) throws IOException, ChunkCopy.ChunkMismatch {
        // An empty output (possible only for odd inventories) is fetched without a Range header.
        long from = t.offset() + off; // chunk offsets are relative to the target, ranges to the job output
        String range = len == 0 ? null : "bytes=" + from + "-" + (from + len - 1);
        try (GlacierReads.Output out = glacier.getJobOutput(t.account(), t.vault(), t.jobId(), range)) {
            if (out.archiveDescription() != null) {
                description.compareAndSet(null, out.archiveDescription());
            }
            TreeHash th = new TreeHash();
            ChunkCopy.copy(out.body(), file, off, len, th, meter, written);
            byte[] got = th.digest();
            String header = out.checksum();
            if (!t.inventory() && header != null && !header.equalsIgnoreCase(TreeHash.toHex(got))) {
                DownloadCounters.current().hashMismatch();
                throw new ChunkCopy.ChunkMismatch("tree hash " + TreeHash.toHex(got) + " differs from the header's " + header);
            }
            return got;
        }
    }

    private void retryLog(Target t, int index, int attempt, Exception e) {
        DownloadCounters.current().chunkRetried();
        LOG.warn("job {} chunk {}: attempt {} of {} failed ({}), retrying", shortId(t.jobId()), index, attempt,
                settings.maxAttempts(), e.getMessage());
    }

    static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }
}
