package io.thaw.glacier;

import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an interrupted download of the same output left: the chunks the store records as verified are
 * trusted only where the staging file still hashes the same, so a crash (or a file changed behind
 * thaw's back) costs at most a re-download, never an unverified byte.
 */
final class ChunkResume {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkResume.class);

    private ChunkResume() {
    }

    /** Fills {@code hashes} for the chunks that can be kept and answers how many; clears stale records. */
    static int reuse(JobStore store, DownloadSettings settings, OutputDownloader.Target t, Path staging,
                     byte[][] hashes) throws IOException {
        List<JobStore.Chunk> recorded = store.chunks(t.chunkKey());
        if (recorded.isEmpty() || !Files.exists(staging)) {
            store.clearChunks(t.chunkKey());
            return 0;
        }
        int reused = 0;
        long fileSize = Files.size(staging);
        for (JobStore.Chunk c : recorded) {
            long off = c.index() * settings.chunkSize();
            long len = settings.chunkLength(c.index(), t.size());
            if (c.index() >= hashes.length || c.size() != len || off + len > fileSize) {
                continue;
            }
            byte[] local = TreeHash.of(staging, off, len);
            if (TreeHash.toHex(local).equals(c.treeHash())) {
                hashes[c.index()] = local;
                reused++;
            }
        }
        if (reused > 0) {
            LOG.info("job {}: resuming, {} of {} chunks already verified on disk", OutputDownloader.shortId(t.jobId()),
                    reused, hashes.length);
        }
        return reused;
    }

    /** Bytes already verified: the lengths of the chunks whose hashes are known. */
    static long bytes(DownloadSettings settings, byte[][] hashes, long size) {
        long sum = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != null) {
                sum += settings.chunkLength(i, size);
            }
        }
        return sum;
    }
}
