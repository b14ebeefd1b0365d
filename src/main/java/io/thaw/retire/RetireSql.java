package io.thaw.retire;

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

/** JDBC plumbing of the retire tables and the job-store reads: statements, rows, one at a time. */
abstract class RetireSql {

    private final DataSource ds;

    RetireSql(DataSource ds) {
        this.ds = ds;
    }


    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    protected int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    protected <T> List<T> list(String sql, Row<T> row, Object... args) {
        List<T> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    protected <T> void stream(String sql, Row<T> row, Consumer<T> each, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(row.map(rs));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    protected <T> Optional<T> single(String sql, Row<T> row, Object... args) {
        List<T> l = list(sql, row, args);
        return l.isEmpty() ? Optional.empty() : Optional.ofNullable(l.get(0));
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
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

    static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("job store (retires): " + e.getMessage(), e);
    }
}
