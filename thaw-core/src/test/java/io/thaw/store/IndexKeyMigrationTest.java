package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations V11 and V12 on a store with jobs: every job with an archive id, and every job with a tree hash, gets
 * its key (the statements that find an archive's jobs, or a content delivered before, ask for it: a job left
 * without one would be started again), more than a page of them, and an inventory job keeps none. Run twice, as after a kill during the migration, it changes nothing more. On H2 and on
 * PostgreSQL.
 */
class IndexKeyMigrationTest {

    @TempDir
    Path dir;

    @Test
    void existingJobsGetTheirArchivesKeysOnH2() {
        migrateAndCheck(BareStores.h2(dir));
    }

    @Test
    void existingJobsGetTheirArchivesKeysOnPostgres() throws Exception {
        BareStores.onPostgres(IndexKeyMigrationTest::migrateAndCheck);
    }

    private static final String JOB = "insert into thaw_job (job_id, vault, account, action, archive_id,"
            + " archive_tree_hash, destination, state, created_at, updated_at) values (?, 'v', '-', ?, ?, ?, 'file:/out',"
            + " 'DELIVERED', current_timestamp, current_timestamp)";

    private static void migrateAndCheck(DataSource ds) {
        Migrations.apply(ds, 10);
        Sql sql = new Sql(ds, "test");
        int jobs = 1_200; // more than one page of the fill
        try (Transaction t = sql.begin()) {
            for (int i = 0; i < jobs; i++) {
                sql.update(JOB, "job-" + i, "ArchiveRetrieval", "archive-" + i, i % 3 == 0 ? null : "hash-" + i);
            }
        }
        sql.update(JOB, "job-inventory", "InventoryRetrieval", null, null);

        Migrations.apply(ds);
        sql.update("update thaw_job set archive_key = null, content_key = null where job_id = 'job-7'");
        sql.update("delete from thaw_schema_version where version >= 11");
        Migrations.apply(ds); // again, as after a kill before the version was recorded

        List<String> wrong = sql.list("select archive_id, archive_key from thaw_job where archive_id is not null",
                rs -> {
                    Long key = rs.getObject(2) == null ? null : rs.getLong(2);
                    return key != null && key.equals(IndexKeys.of(rs.getString(1))) ? null : rs.getString(1) + " " + key;
                }).stream().filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of(), wrong, "each job with an archive id carries its key");
        List<String> wrongContent = sql.list("select archive_tree_hash, content_key from thaw_job", rs -> {
            String hash = rs.getString(1);
            Long key = rs.getObject(2) == null ? null : rs.getLong(2);
            return java.util.Objects.equals(key, IndexKeys.of(hash)) ? null : hash + " " + key;
        }).stream().filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of(), wrongContent, "each job with a tree hash carries its key, the others none");
        assertEquals(jobs, sql.single("select count(*) from thaw_job where archive_key is not null",
                rs -> rs.getInt(1)).orElseThrow());
        assertEquals(1, sql.single("select count(*) from thaw_job where archive_key is null",
                rs -> rs.getInt(1)).orElseThrow(), "the inventory job has no archive and no key");
        assertNotEquals(IndexKeys.of("archive-1"), IndexKeys.of("archive-2"));
        assertEquals(Migrations.SCRIPTS.length, sql.single("select max(version) from thaw_schema_version",
                rs -> rs.getInt(1)).orElseThrow());
    }
}
