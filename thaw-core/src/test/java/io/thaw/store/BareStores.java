package io.thaw.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Empty stores for migration tests, not migrated: an H2 file in a folder, or an embedded PostgreSQL database. */
final class BareStores {

    /** What a test does with a store. */
    interface Check {
        void on(DataSource store) throws Exception;
    }

    private BareStores() {
    }

    static DataSource h2(Path dir) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db"));
        return h2;
    }

    /** Runs {@code check} on a PostgreSQL server started for it, stopped after. */
    static void onPostgres(Check check) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start()) {
            check.on(pg.getPostgresDatabase());
        }
    }
}
