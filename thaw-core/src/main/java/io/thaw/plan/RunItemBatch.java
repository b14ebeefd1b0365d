package io.thaw.plan;

import io.thaw.store.IndexKeys;
import io.thaw.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A run's items written by {@link RunPlanner}: multi-row inserts on one connection, each committed on
 * its own, and the look-ups that decide each item's state, which see this run's rows
 * written so far. Items of a run still waiting for its inventory are never started (the pacer starts
 * RUNNING runs only), so a partly written queue is harmless: closing without {@link #commit()} deletes
 * it, and a queue interrupted by a crash is deleted when the run is queued again.
 */
final class RunItemBatch implements AutoCloseable {

    private static final int BATCH = 500;
    private static final String INSERT = "insert into thaw_run_item (run_id, seq, archive_id, archive_size, tree_hash,"
            + " name, state, copy_of, reason) values ";
    private static final String ROW = "(?,?,?,?,?,?,?,?,?)";
    private static final int COLUMNS = 9;

    private final Sql sql;
    private final Run run;
    private final Connection c;
    /** A full batch's insert: one multi-row statement (see {@link #flush()}). */
    private final PreparedStatement insert;
    /** The rows not written yet, at most {@link #BATCH}: their columns in order. */
    private final Object[] rows = new Object[BATCH * COLUMNS];
    private final PreparedStatement deliveredById;
    private final PreparedStatement deliveredSame;
    private final PreparedStatement primary;
    private final PreparedStatement queuedAt;
    /**
     * Whether an archive of this vault was delivered before (a job or a run's copy). A first run of a vault
     * has nothing to find, and its two look-ups per archive were most of queuing's time on H2. Its own
     * inventory job is DELIVERED by then, but it names no archive, so it does not count.
     */
    private final boolean vaultDelivered;
    /** {archives, bytes} per state of the items added: the run's tally, written by {@link #commit()}. */
    private final Map<String, long[]> totals = new HashMap<>();
    private long seq;
    private int pending;
    private boolean committed;

    RunItemBatch(DataSource ds, Sql sql, Run run) {
        this.sql = sql;
        this.run = run;
        Connection conn = null;
        try {
            conn = ds.getConnection();
            conn.setAutoCommit(false);
            insert = conn.prepareStatement(insertOf(BATCH));
            deliveredById = conn.prepareStatement("select job_id, delivered_to from thaw_job where vault = ?"
                    + " and archive_key = ? and archive_id = ? and state = 'DELIVERED' and byte_range is null");
            deliveredSame = conn.prepareStatement("select delivered_to from thaw_job where vault = ? and content_key = ?"
                    + " and archive_tree_hash = ? and archive_size = ? and name = ? and state = 'DELIVERED' union all"
                    + " select i.delivered_to from thaw_run_item i join thaw_run r on r.run_id = i.run_id where r.vault = ?"
                    + " and i.copied_tree_hash = ? and i.archive_size = ? and i.name = ? and i.state = 'COPIED'");
            primary = conn.prepareStatement("select archive_id from thaw_run_item where run_id = ? and tree_hash = ?"
                    + " and archive_size = ? and state = 'QUEUED' order by seq");
            queuedAt = conn.prepareStatement("select archive_id, archive_size, tree_hash from thaw_run_item"
                    + " where run_id = ? and state = 'QUEUED' and seq = ?");
            this.c = conn;
            vaultDelivered = anyDelivered();
            // What a crash left of an earlier attempt to queue this run (its inventory is read again).
            deleteAll();
            c.commit();
        } catch (SQLException e) {
            closeQuietly(conn);
            throw sql.failure(e);
        }
    }

    /** Where a whole-archive job of this archive delivered it, or null. */
    String deliveredById(String archiveId) {
        return vaultDelivered ? first(deliveredById, run.vault(), IndexKeys.of(archiveId), archiveId) : null;
    }

    /** Where the same content was delivered under the same name (a job, or a run's copy), or null. */
    String deliveredSame(String treeHash, long size, String name) {
        return vaultDelivered ? first(deliveredSame, run.vault(), IndexKeys.of(treeHash), treeHash, size, name, run.vault(),
                treeHash, size, name)
                : null;
    }

    private boolean anyDelivered() throws SQLException {
        try (PreparedStatement job = c.prepareStatement("select 'y' from thaw_job where vault = ?"
                + " and state = 'DELIVERED' and action = 'ArchiveRetrieval' limit 1");
             PreparedStatement copy = c.prepareStatement("select 'y' from thaw_run_item i join thaw_run r"
                     + " on r.run_id = i.run_id where r.vault = ? and i.state = 'COPIED' limit 1")) {
            return first(job, run.vault()) != null || first(copy, run.vault()) != null;
        }
    }

    /**
     * The archive queued first in this run with this content, or null (the batch is written first: it may be
     * there). It walks the run's queued items (no index on content since V7), so it is only the fallback of
     * RunPlanner's in-memory look-up, for two contents that share a 64-bit key.
     */
    String primary(String treeHash, long size) {
        flush();
        return first(primary, run.runId(), treeHash, size);
    }

    /**
     * The archive id of the QUEUED item at {@code seq} if it has this content, else null: from the rows not
     * written yet, or by the queue index (no need to write the pending rows first).
     */
    String archiveAt(long at, String treeHash, long size) {
        long firstPending = seq - pending;
        if (at >= firstPending) {
            int i = (int) (at - firstPending) * COLUMNS;
            boolean same = RunItem.QUEUED.equals(rows[i + 6]) && ((Long) rows[i + 3]) == size
                    && Objects.equals(rows[i + 4], treeHash);
            return same ? (String) rows[i + 2] : null;
        }
        try {
            Sql.bind(queuedAt, run.runId(), at);
            try (ResultSet rs = queuedAt.executeQuery()) {
                return rs.next() && rs.getLong(2) == size && Objects.equals(rs.getString(3), treeHash)
                        ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw sql.failure(e);
        }
    }

    /** Adds an item after the ones added before (their order is the run's start order); answers its seq. */
    long add(String archiveId, long size, String treeHash, String name, String state, String copyOf, String reason) {
        long at = seq++;
        Object[] row = {run.runId(), at, archiveId, size, treeHash, name, state, copyOf, Sql.truncate(reason)};
        System.arraycopy(row, 0, rows, pending * COLUMNS, COLUMNS);
        long[] t = totals.computeIfAbsent(state, k -> new long[2]);
        t[0]++;
        t[1] += size;
        if (++pending >= BATCH) {
            flush();
        }
        return at;
    }

    /**
     * Writes the last rows, then the run's tally in a commit of its own (the queue is complete: the run may
     * start). A crash between the two leaves a run not yet RUNNING, whose queuing again deletes both.
     */
    void commit() {
        flush();
        try {
            RunTally.create(c, run.runId(), totals);
            c.commit();
        } catch (SQLException e) {
            throw sql.failure(e);
        }
        committed = true;
    }

    /**
     * Writes the pending rows in one multi-row insert, not a JDBC batch: H2 runs a batch as one statement
     * per row and, with WRITE_DELAY=0, writes a new chunk of every changed index page after each, so a
     * million items wrote tens of gigabytes (and PostgreSQL pays one round trip per row). Each insert
     * is committed at once: H2 writes an uncommitted row, then rewrites it at the commit, so transactions
     * of 20,000 items queued a million in 62-71 s, one per insert in 37-42 s (PostgreSQL: no difference).
     */
    private void flush() {
        if (pending == 0) {
            return;
        }
        try {
            if (pending == BATCH) {
                Sql.bind(insert, rows);
                insert.executeUpdate();
            } else {
                try (PreparedStatement part = c.prepareStatement(insertOf(pending))) {
                    Sql.bind(part, Arrays.copyOf(rows, pending * COLUMNS));
                    part.executeUpdate();
                }
            }
            c.commit();
            Arrays.fill(rows, null);
            pending = 0;
        } catch (SQLException e) {
            throw sql.failure(e);
        }
    }

    /**
     * Deletes this run's items, tally and followed jobs: what an earlier queuing wrote. The archive jobs the
     * run started stop naming it (the report counts the jobs that do): an item queued again that finds its
     * job still in flight follows it as a job of another request.
     */
    private void deleteAll() throws SQLException {
        int deleted = 0;
        for (String statement : List.of("delete from thaw_run_item where run_id = ?", "delete from thaw_run_follow"
                + " where run_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, run.runId());
                deleted += ps.executeUpdate();
            }
        }
        if (deleted > 0) { // at a first queuing no job names the run yet (and finding none reads every job)
            try (PreparedStatement ps = c.prepareStatement("update thaw_job set request_file = ? where request_file = ?"
                    + " and action = 'ArchiveRetrieval'")) {
                Sql.bind(ps, Run.requestFile(run.runId()) + " (queued again " + java.time.Instant.now() + ")",
                        Run.requestFile(run.runId()));
                ps.executeUpdate();
            }
        }
        RunTally.delete(c, run.runId());
    }

    private static String insertOf(int n) {
        return INSERT + String.join(",", Collections.nCopies(n, ROW));
    }

    /** The last column of the first row, or null. */
    private String first(PreparedStatement ps, Object... args) {
        try {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(rs.getMetaData().getColumnCount()) : null;
            }
        } catch (SQLException e) {
            throw sql.failure(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!committed) {
                c.rollback();
                deleteAll();
                c.commit();
            }
        } catch (SQLException e) {
            throw sql.failure(e);
        } finally {
            closeQuietly(c); // closes its statements too
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // the connection is of no further use either way
            }
        }
    }
}
