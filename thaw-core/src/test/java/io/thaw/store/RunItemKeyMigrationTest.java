package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V7 re-keys run items by (run_id, seq) on a store that already holds runs: every item keeps its
 * columns, a COPIED item's content moves into copied_tree_hash (the cross-run skip looks there), others
 * leave it empty, and the new key holds. On H2 and on PostgreSQL, whose SQL the script must both accept.
 */
class RunItemKeyMigrationTest {

    @TempDir
    Path dir;

    @Test
    void itemsOfAnOlderStoreKeepTheirColumnsUnderTheNewKeyOnH2() {
        migrateAndCheck(BareStores.h2(dir));
    }

    @Test
    void itemsOfAnOlderStoreKeepTheirColumnsUnderTheNewKeyOnPostgres() throws Exception {
        BareStores.onPostgres(RunItemKeyMigrationTest::migrateAndCheck);
    }

    /** The items {@link #addItems} wrote, as {@link #items} reads them after V7. */
    static final List<String> MIGRATED = List.of("0 id-a STARTED job-a - - -", "1 id-b COPIED - id-a /out/b.txt aaa",
            "2 id-c QUEUED - - - -");

    /** The tally V8 builds of those items: each state's archives and bytes. */
    static final List<String> TALLY = List.of("COPIED 1 10", "COPY 0 0", "FAILED 0 0", "QUEUED 1 30", "SKIPPED 0 0",
            "STARTED 1 10");

    private static final String ITEM = "insert into thaw_run_item (run_id, seq, archive_id, archive_size, tree_hash,"
            + " name, state, job_id, copy_of, delivered_to) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void migrateAndCheck(DataSource ds) {
        Migrations.apply(ds, 6);
        addItems(ds);

        Migrations.apply(ds);

        Sql sql = new Sql(ds, "test");
        assertEquals(MIGRATED, items(sql));
        assertThrows(IllegalStateException.class, () -> sql.update(ITEM, "R-1", 2L, "id-d", 1L, null, "d.txt",
                "QUEUED", null, null, null), "(run_id, seq) is the key");
        assertEquals(TALLY, tally(sql), "V8 tallies the items of runs that exist");
        assertEquals(Migrations.SCRIPTS.length, sql.single("select max(version) from thaw_schema_version",
                rs -> rs.getInt(1)).orElseThrow());
    }

    /** A V6 store's run: a STARTED item, a COPIED copy of it and a QUEUED one. */
    static void addItems(DataSource v6) {
        Sql sql = new Sql(v6, "test");
        sql.update("insert into thaw_run (run_id, vault, account, tier, destination, selection, state, created_at,"
                + " updated_at) values ('R-1', 'v', '-', 'Bulk', 'file:/out', '{}', 'RUNNING', current_timestamp,"
                + " current_timestamp)");
        sql.update(ITEM, "R-1", 0L, "id-a", 10L, "a".repeat(64), "a.txt", "STARTED", "job-a", null, null);
        sql.update(ITEM, "R-1", 1L, "id-b", 10L, "a".repeat(64), "b.txt", "COPIED", null, "id-a", "/out/b.txt");
        sql.update(ITEM, "R-1", 2L, "id-c", 30L, "c".repeat(64), "c.txt", "QUEUED", null, null, null);
    }

    static List<String> tally(Sql sql) {
        return sql.list("select state || ' ' || archives || ' ' || bytes from thaw_run_tally where run_id = 'R-1'"
                + " order by state", rs -> rs.getString(1));
    }

    static List<String> items(Sql sql) {
        return sql.list("select seq || ' ' || archive_id || ' ' || state || ' ' || coalesce(job_id, '-')"
                + " || ' ' || coalesce(copy_of, '-') || ' ' || coalesce(delivered_to, '-') || ' '"
                + " || coalesce(substring(copied_tree_hash, 1, 3), '-') from thaw_run_item order by seq", rs -> rs.getString(1));
    }
}
