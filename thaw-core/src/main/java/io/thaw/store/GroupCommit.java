package io.thaw.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Single-statement updates of many threads made durable by one commit (group commit). With H2's WRITE_DELAY=0
 * every commit writes each page it changed, and the notice workers committed every archive's claim and its
 * DELIVERED apart: in a warm 10,000-archive run H2 writing pages was 41 % of thaw's samples. Grouped, the run
 * made 5,433 commits for 20,002 statements and wrote 31 % fewer bytes (docs/benchmarks.md, session 24).
 * <p>
 * The first caller to arrive while no commit is under way leads: it waits up to {@link #GATHER} for others
 * (at most {@link #GATHER_MAX} statements) if the last commit was shared or had callers queued behind it, so a
 * caller alone (one worker, a quiet spell) does not wait for nobody; it runs each statement on one connection under a savepoint of its own
 * (a failing one is undone alone and its error goes to its caller), commits once and wakes the callers. Callers
 * that arrive meanwhile wait for the next commit, which one of them leads. Every caller returns only after the
 * commit that holds its statement, as with autocommit. A thread with a transaction of its own
 * ({@link Sql#begin()}) runs its statement there instead.
 */
final class GroupCommit {

    /** How long a leader of a busy store waits for more statements. */
    static final long GATHER = TimeUnit.MILLISECONDS.toNanos(2);
    /** thaw.notices.consumers' default: every worker waiting at once; with more workers the rest join the next. */
    static final int GATHER_MAX = 8;

    private final DataSource ds;
    private final Sql sql;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition finished = lock.newCondition();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong gathers = new AtomicLong();
    private List<Pending> waiting = new ArrayList<>();
    private boolean leading;
    /** Whether the last commit held several statements or had callers queued behind it. */
    private boolean busy;

    /** One caller's statement and, once its commit is over, what came of it. */
    private static final class Pending {
        final String statement;
        final Object[] args;
        int count;
        RuntimeException failure;
        boolean committed;
        boolean done;

        Pending(String statement, Object[] args) {
            this.statement = statement;
            this.args = args;
        }

        int result() {
            if (failure != null) {
                throw failure;
            }
            return count;
        }
    }

    GroupCommit(DataSource ds, Sql sql) {
        this.ds = ds;
        this.sql = sql;
    }

    /** Runs {@code statement} and answers its update count once it is committed. */
    int update(String statement, Object... args) {
        if (Transaction.boundTo(ds) != null) {
            return sql.update(statement, args);
        }
        Pending mine = new Pending(statement, args);
        List<Pending> batch;
        boolean interrupted;
        lock.lock();
        try {
            waiting.add(mine);
            arrived.signal();
            while (leading && !mine.done) {
                finished.awaitUninterruptibly();
            }
            if (mine.done) {
                return mine.result();
            }
            leading = true;
            interrupted = gather();
            batch = waiting;
            waiting = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        try {
            write(batch);
        } finally {
            lock.lock();
            try {
                for (Pending p : batch) {
                    if (p.failure == null && !p.committed) {
                        p.failure = new IllegalStateException("job store: statement not written (the commit that"
                                + " held it ended abnormally)");
                    }
                    p.done = true;
                }
                leading = false;
                busy = batch.size() > 1 || !waiting.isEmpty();
                finished.signalAll();
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return mine.result();
    }

    /**
     * Waits for more statements, up to the window or the batch's size. Answers whether the thread was interrupted
     * meanwhile: the batch is then written at once and the interrupt restored after, not before, as file I/O on an
     * interrupted thread may close a FileChannel (H2's file) under every caller of the batch.
     */
    private boolean gather() {
        if (Thread.interrupted()) {
            return true; // a follower's wait keeps its interrupt; a full batch would not wait and clear it
        }
        if (!busy) {
            return false;
        }
        gathers.incrementAndGet();
        long left = GATHER;
        while (waiting.size() < GATHER_MAX && left > 0) {
            try {
                left = arrived.awaitNanos(left);
            } catch (InterruptedException e) {
                return true;
            }
        }
        return false;
    }

    private void write(List<Pending> batch) {
        commits.incrementAndGet();
        statements.addAndGet(batch.size());
        try (Connection c = ds.getConnection()) {
            if (batch.size() == 1) {
                run(c, batch.get(0)); // autocommit: nothing to share
                batch.get(0).committed = true;
                return;
            }
            c.setAutoCommit(false);
            try {
                for (Pending p : batch) {
                    Savepoint before = c.setSavepoint();
                    try {
                        run(c, p);
                        c.releaseSavepoint(before);
                    } catch (SQLException e) {
                        c.rollback(before);
                        p.failure = sql.failure(e);
                    }
                }
                c.commit();
                batch.forEach(p -> p.committed = true);
            } catch (SQLException e) {
                c.rollback();
                fail(batch, e); // nothing of the batch is durable
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            fail(batch, e);
        }
    }

    private void fail(List<Pending> batch, SQLException e) {
        for (Pending p : batch) {
            if (p.failure == null) {
                p.failure = sql.failure(e);
            }
        }
    }

    private static void run(Connection c, Pending p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(p.statement)) {
            Sql.bind(ps, p.args);
            p.count = ps.executeUpdate();
        }
    }

    /** How many leaders waited for more statements. */
    long gathers() {
        return gathers.get();
    }

    /** Commits made so far, and the statements they held. */
    long[] counts() {
        return new long[] {commits.get(), statements.get()};
    }
}
