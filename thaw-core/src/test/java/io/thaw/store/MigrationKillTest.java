package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 commits each DDL statement on its own, so a kill while a migration runs leaves a store part way through
 * a script, its version not yet recorded. For every script and every statement, a store left just after it
 * must migrate at the next start, keeping its rows: a run's items (re-keyed by V7) and their tally (V8).
 */
class MigrationKillTest {

    @TempDir
    Path dir;

    @Test
    void aStoreLeftAfterAnyStatementOfAnyScriptMigratesAtTheNextStart() throws Exception {
        int cases = 0;
        for (int version = 1; version <= Migrations.SCRIPTS.length; version++) {
            List<String> statements = Migrations.statements(Migrations.SCRIPTS[version - 1]);
            for (int done = 1; done <= statements.size(); done++) {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:file:" + dir.resolve("v" + version + "-" + done + "/db"));
                // A store with a run's items (from V3 on: written as a V6 store, then migrated to the version before).
                Migrations.apply(h2, Math.min(version - 1, 6));
                if (version > 3) {
                    RunItemKeyMigrationTest.addItems(h2);
                }
                Migrations.apply(h2, version - 1);
                // What a kill right after statement 'done' leaves: the statements before it, committed.
                try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
                    for (String stmt : statements.subList(0, done)) {
                        st.execute(stmt);
                    }
                }
                String where = "V" + version + " stopped after statement " + done + " of " + statements.size();
                Migrations.apply(h2);
                Sql sql = new Sql(h2, "test");
                assertEquals(Migrations.SCRIPTS.length, sql.single("select max(version) from thaw_schema_version",
                        rs -> rs.getInt(1)).orElseThrow(), where);
                if (version > 3) {
                    assertEquals(RunItemKeyMigrationTest.MIGRATED, RunItemKeyMigrationTest.items(sql), where);
                    assertEquals(RunItemKeyMigrationTest.TALLY, RunItemKeyMigrationTest.tally(sql), where);
                }
                cases++;
            }
        }
        assertTrue(cases > 40, "every statement of every script: " + cases);
    }
}
