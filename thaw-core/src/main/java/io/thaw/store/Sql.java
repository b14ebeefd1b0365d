package io.thaw.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The one JDBC helper of the job store's tables (jobs, runs, retires): a statement per call on a pooled
 * connection, rows mapped as they are read, {@link Instant}s as timestamps, and every SQLException turned
 * into an IllegalStateException that names the store ({@code what}).
 */
public final class Sql {

    /** Maps the current row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource ds;
    private final String what;

    public Sql(DataSource ds, String what) {
        this.ds = ds;
        this.what = what;
    }

    /** Statements on one connection; the caller closes nothing it did not open. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on this thread's transaction when one is open on this data source ({@link #begin()}),
     * else on a pooled connection of its own (autocommit).
     */
    public <T> T on(Work<T> work) {
        Connection bound = Transaction.boundTo(ds);
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection c = ds.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public int update(String sql, Object... args) {
        return on(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Starts a transaction bound to this thread: until it is closed, every statement this thread makes
     * through any {@code Sql} on the same data source joins it, and one commit makes them all durable.
     * With H2's WRITE_DELAY=0 each commit writes a chunk of every changed page, which was most of the
     * pacer's CPU when each started job was committed on its own.
     */
    public Transaction begin() {
        return Transaction.begin(ds, this);
    }

    public <T> List<T> list(String sql, Row<T> row, Object... args) {
        List<T> out = new ArrayList<>();
        stream(sql, row, out::add, 0, args);
        return out;
    }

    /** Each row to {@code each} as it is read ({@code fetchSize} rows at a time; 0 = the driver's default). */
    public <T> void stream(String sql, Row<T> row, Consumer<T> each, int fetchSize, Object... args) {
        on(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                if (fetchSize > 0) {
                    ps.setFetchSize(fetchSize);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(row.map(rs));
                    }
                }
            }
            return null;
        });
    }

    public <T> Optional<T> single(String sql, Row<T> row, Object... args) {
        List<T> l = list(sql, row, args);
        return l.isEmpty() ? Optional.empty() : Optional.ofNullable(l.get(0));
    }

    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    public static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    public static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    /** Error texts are capped to the column's 4,000 characters. */
    public static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    public IllegalStateException failure(SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
