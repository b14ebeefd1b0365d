package io.thaw.store;

import java.sql.Connection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does for an embedded H2 file what H2's background writer would, had thaw not switched it off
 * (WRITE_DELAY=0: each commit is in the file before it returns, so there is no background writer).
 *
 * <p>Without it the file keeps every chunk that still holds a live page, and each commit rewrites H2's
 * map of those chunks (a third of all the pages H2 wrote). So every second in which H2 wrote, this
 * forces the file to disk and then rewrites the live pages of sparse chunks (at most {@link #WRITE_LIMIT}
 * bytes; they go out with the next commit, a kill before it loses nothing), and the chunks are freed.
 *
 * <p>H2 frees a chunk only once it is older than its retention time, 45 s by default, assuming that
 * the file system flushes its write buffers within that time. As H2's documentation advises for a
 * shorter time, the forced flush every second keeps that assumption true with {@link #RETENTION_MS}.
 * A 10,000-archive run left a 949 MB file at 3 % fill before, 235 MB with this (docs/benchmarks.md).
 * Nothing runs for PostgreSQL or for a connection to another process's H2 (AUTO_SERVER).
 */
final class H2Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** Compact while the live share of the chunks is below this percentage. */
    static final int TARGET_FILL = 50;
    /** Live bytes moved out of sparse chunks per round (H2's own housekeeping moves 256 KB per busy round). */
    static final int WRITE_LIMIT = 1 << 20;
    /** How long a chunk is kept after it was written: five of this class's forced flushes. */
    static final int RETENTION_MS = 5_000;

    private final MVStore store;
    private final ScheduledExecutorService timer;
    private volatile boolean failed;
    /** H2's count of file writes at the last round: a round with none since has nothing to flush or free. */
    private long writesSeen = -1;

    private H2Housekeeping(MVStore store) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thaw-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::round, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts housekeeping if the data source is an H2 file in this process; answers null otherwise. */
    static H2Housekeeping startFor(DataSource ds) {
        MVStore store = embeddedStore(ds);
        return store == null ? null : new H2Housekeeping(store);
    }

    static MVStore embeddedStore(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            if (!c.isWrapperFor(JdbcConnection.class)
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal s)) {
                return null;
            }
            MVStore store = s.getDatabase().getStore().getMvStore();
            return store.getFileStore() == null ? null : store;
        } catch (Exception e) {
            return null;
        }
    }

    /** One round: if H2 wrote since the last, flush, then compact; answers whether H2 rewrote any page. */
    boolean round() {
        try {
            long writes = store.isClosed() ? writesSeen : store.getFileStore().getWriteCount();
            if (writes == writesSeen) { // closed, or idle: an idle thaw makes no system call a second
                return false;
            }
            store.sync();
            writesSeen = writes;
            if (store.getRetentionTime() != RETENTION_MS) { // only once the file is flushed every second
                store.setRetentionTime(RETENTION_MS);
            }
            return store.compact(TARGET_FILL, WRITE_LIMIT);
        } catch (RuntimeException e) {
            // H2's own retention again until a flush succeeds; the commits go on as before
            store.setRetentionTime(store.getFileStore().getDefaultRetentionTime());
            if (!failed) { // logged once
                failed = true;
                LOG.warn("job store: flushing or compacting the H2 file failed ({}); it is tried again every"
                        + " second, and the file may grow meanwhile", e.toString());
            }
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
