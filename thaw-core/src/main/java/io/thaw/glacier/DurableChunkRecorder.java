package io.thaw.glacier;

import io.thaw.store.JobStore;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records verified chunks in the job store only after their bytes are durable, on a thread of its own.
 *
 * <p>A record must never vouch for bytes a power cut could lose, so the staging file is forced before
 * chunks are recorded. Forcing in the download threads made every worker wait for the disk (and for
 * each other: a force flushes the whole file); here one flusher forces while the workers keep
 * downloading, and records every chunk that was verified before that force began, so chunks arriving
 * during a slow force are batched into the next one. Losing the last batch in a crash only means those
 * chunks are fetched again; a resume re-hashes recorded chunks anyway (OutputDownloader).
 */
final class DurableChunkRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableChunkRecorder.class);

    private record Verified(int index, long size, String treeHash) { }

    private final FileChannel file;
    private final JobStore store;
    private final String chunkKey;
    private final List<Verified> pending = new ArrayList<>();
    private final Thread flusher;
    private boolean closing;

    DurableChunkRecorder(FileChannel file, JobStore store, String chunkKey) {
        this.file = file;
        this.store = store;
        this.chunkKey = chunkKey;
        flusher = new Thread(this::flushLoop, "thaw-chunk-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** A chunk whose bytes are written and verified; it is recorded once they are on disk. */
    synchronized void verified(int index, long size, byte[] treeHash) {
        if (!closing) {
            pending.add(new Verified(index, size, TreeHash.toHex(treeHash)));
            notifyAll();
        }
    }

    /** Forces and records what is pending, then stops the flusher. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushLoop() {
        while (true) {
            List<Verified> batch;
            synchronized (this) {
                while (pending.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            try {
                file.force(false);
                for (Verified v : batch) {
                    store.saveChunk(chunkKey, v.index(), v.size(), v.treeHash());
                }
            } catch (Exception e) {
                // Not fatal: the records only spare a re-download after a crash; the delivery forces again.
                LOG.warn("could not record {} verified chunk(s) of {} ({}); an interrupted download would fetch"
                        + " them again", batch.size(), OutputDownloader.shortId(chunkKey), e.toString());
            }
        }
    }
}
