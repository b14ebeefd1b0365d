package io.thaw.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A transaction bound to the thread that began it ({@link Sql#begin()}): statements of that thread on the
 * same data source join it until {@link #close()}, which commits. Closing commits rather than rolls back
 * because what joins it is a sequence of complete steps (a job Glacier accepted and the run item that
 * follows it): each must survive, none is undone by a later one failing. {@link #commit()} makes what
 * has joined so far durable and goes on. Not nested: a thread holds at most one.
 */
public final class Transaction implements AutoCloseable {

    private static final ThreadLocal<Transaction> CURRENT = new ThreadLocal<>();

    private final DataSource ds;
    private final Connection c;
    private final Sql sql;
    private final Map<Object, BeforeCommit> beforeCommit = new LinkedHashMap<>();

    /** Statements that sum up what the transaction's steps changed, written just before each commit. */
    @FunctionalInterface
    public interface BeforeCommit {
        void write(Connection c) throws SQLException;
    }

    private Transaction(DataSource ds, Connection c, Sql sql) {
        this.ds = ds;
        this.c = c;
        this.sql = sql;
    }

    static Transaction begin(DataSource ds, Sql sql) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a transaction is already open on this thread");
        }
        try {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            Transaction t = new Transaction(ds, c, sql);
            CURRENT.set(t);
            return t;
        } catch (SQLException e) {
            throw sql.failure(e);
        }
    }

    /** The connection of this thread's transaction on {@code ds}, or null. */
    static Connection boundTo(DataSource ds) {
        Transaction t = CURRENT.get();
        if (t == null || t.ds != ds) {
            return null;
        }
        return t.c;
    }

    /** This thread's transaction on {@code ds}, or null. */
    public static Transaction current(DataSource ds) {
        Transaction t = CURRENT.get();
        return t != null && t.ds == ds ? t : null;
    }

    /**
     * The work registered under {@code key} ({@code make} makes it the first time), written just before each
     * commit, in the order registered. Totals that many steps change are written once per commit this way,
     * so the rows holding them stay locked only from there to the commit, not for the whole transaction.
     */
    @SuppressWarnings("unchecked")
    public <T extends BeforeCommit> T beforeCommit(Object key, Supplier<T> make) {
        return (T) beforeCommit.computeIfAbsent(key, k -> make.get());
    }

    private void writeBeforeCommit() throws SQLException {
        for (BeforeCommit w : beforeCommit.values()) {
            w.write(c);
        }
    }

    /** Commits what has joined so far; the transaction stays open. */
    public void commit() {
        try {
            writeBeforeCommit();
            c.commit();
        } catch (SQLException e) {
            throw sql.failure(e);
        }
    }

    /** Commits and unbinds. */
    @Override
    public void close() {
        CURRENT.remove();
        try {
            writeBeforeCommit();
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the pool discards it
            }
            throw sql.failure(e);
        } finally {
            try {
                c.setAutoCommit(true);
                c.close();
            } catch (SQLException ignored) {
                // returned to the pool or discarded by it
            }
        }
    }
}
