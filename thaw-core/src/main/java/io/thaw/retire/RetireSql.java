package io.thaw.retire;

import io.thaw.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** The retire tables' statements go through the store's one JDBC helper ({@link Sql}). */
abstract class RetireSql {

    private final Sql sql;

    RetireSql(DataSource ds) {
        this.sql = new Sql(ds, "job store (retires)");
    }

    @FunctionalInterface
    interface Row<T> extends Sql.Row<T> {
    }

    protected int update(String statement, Object... args) {
        return sql.update(statement, args);
    }

    protected <T> List<T> list(String statement, Row<T> row, Object... args) {
        return sql.list(statement, row, args);
    }

    protected <T> void stream(String statement, Row<T> row, Consumer<T> each, Object... args) {
        sql.stream(statement, row, each, 500, args);
    }

    protected <T> Optional<T> single(String statement, Row<T> row, Object... args) {
        return sql.single(statement, row, args);
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        return Sql.instant(rs, col);
    }

    static String truncate(String s) {
        return Sql.truncate(s);
    }
}
