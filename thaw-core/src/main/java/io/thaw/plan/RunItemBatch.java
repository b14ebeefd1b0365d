package io.thaw.plan;

import io.thaw.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A run's items written by {@link RunPlanner} in one transaction: batched inserts on one connection,
 * and the look-ups that decide each item's state, which see this run's rows written so far. Nothing
 * is visible to others before {@link #commit()}; closing without it rolls everything back.
 */
final class RunItemBatch implements AutoCloseable {

    private static final int BATCH = 500;

    private final Sql sql;
    private final Run run;
    private final Connection c;
    private final PreparedStatement insert;
    private final PreparedStatement deliveredById;
    private final PreparedStatement deliveredSame;
    private final PreparedStatement primary;
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
            insert = conn.prepareStatement("insert into thaw_run_item (run_id, seq, archive_id, archive_size, tree_hash,"
                    + " name, state, copy_of, reason) values (?,?,?,?,?,?,?,?,?)");
            deliveredById = conn.prepareStatement("select job_id, delivered_to from thaw_job where vault = ?"
                    + " and archive_id = ? and state = 'DELIVERED' and byte_range is null");
            deliveredSame = conn.prepareStatement("select delivered_to from thaw_job where vault = ?"
                    + " and archive_tree_hash = ? and archive_size = ? and name = ? and state = 'DELIVERED' union all"
                    + " select i.delivered_to from thaw_run_item i join thaw_run r on r.run_id = i.run_id where r.vault = ?"
                    + " and i.tree_hash = ? and i.archive_size = ? and i.name = ? and i.state = 'COPIED'");
            primary = conn.prepareStatement("select archive_id from thaw_run_item where run_id = ? and tree_hash = ?"
                    + " and archive_size = ? and state = 'QUEUED' order by seq");
            this.c = conn;
        } catch (SQLException e) {
            closeQuietly(conn);
            throw sql.failure(e);
        }
    }

    /** Where a whole-archive job of this archive delivered it, or null. */
    String deliveredById(String archiveId) {
        return first(deliveredById, run.vault(), archiveId);
    }

    /** Where the same content was delivered under the same name (a job, or a run's copy), or null. */
    String deliveredSame(String treeHash, long size, String name) {
        return first(deliveredSame, run.vault(), treeHash, size, name, run.vault(), treeHash, size, name);
    }

    /** The archive queued first in this run with this content, or null (the batch is written first: it may be there). */
    String primary(String treeHash, long size) {
        flush();
        return first(primary, run.runId(), treeHash, size);
    }

    /** Adds an item after the ones added before (their order is the run's start order). */
    void add(String archiveId, long size, String treeHash, String name, String state, String copyOf, String reason) {
        try {
            Sql.bind(insert, run.runId(), seq++, archiveId, size, treeHash, name, state, copyOf, Sql.truncate(reason));
            insert.addBatch();
        } catch (SQLException e) {
            throw sql.failure(e);
        }
        if (++pending >= BATCH) {
            flush();
        }
    }

    void commit() {
        flush();
        try {
            c.commit();
            committed = true;
        } catch (SQLException e) {
            throw sql.failure(e);
        }
    }

    private void flush() {
        try {
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
        } catch (SQLException e) {
            throw sql.failure(e);
        }
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
