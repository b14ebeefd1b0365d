package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V11 on a store with jobs: every job with an archive id gets its key (the statements that find an
 * archive's jobs ask for it, so a job left without one would be started again), more than a page of them, and an
 * inventory job keeps none. Run twice, as after a kill during the migration, it changes nothing more. On H2 and on
 * PostgreSQL.
 */
class ArchiveKeyMigrationTest {

    @TempDir
    Path dir;

    @Test
    void existingJobsGetTheirArchivesKeysOnH2() {
        migrateAndCheck(BareStores.h2(dir));
    }

    @Test
    void existingJobsGetTheirArchivesKeysOnPostgres() throws Exception {
        BareStores.onPostgres(ArchiveKeyMigrationTest::migrateAndCheck);
    }

    private static final String JOB = "insert into thaw_job (job_id, vault, account, action, archive_id, destination,"
            + " state, created_at, updated_at) values (?, 'v', '-', ?, ?, 'file:/out', 'DELIVERED', current_timestamp,"
            + " current_timestamp)";

    private static void migrateAndCheck(DataSource ds) {
        Migrations.apply(ds, 10);
        Sql sql = new Sql(ds, "test");
        int jobs = 1_200; // more than one page of the fill
        try (Transaction t = sql.begin()) {
            for (int i = 0; i < jobs; i++) {
                sql.update(JOB, "job-" + i, "ArchiveRetrieval", "archive-" + i);
            }
        }
        sql.update(JOB, "job-inventory", "InventoryRetrieval", null);

        Migrations.apply(ds);
        sql.update("update thaw_job set archive_key = null where job_id = 'job-7'");
        sql.update("delete from thaw_schema_version where version = 11");
        Migrations.apply(ds); // again, as after a kill before the version was recorded

        List<String> wrong = sql.list("select archive_id, archive_key from thaw_job where archive_id is not null",
                rs -> {
                    Long key = rs.getObject(2) == null ? null : rs.getLong(2);
                    return key != null && key.equals(ArchiveKeys.of(rs.getString(1))) ? null : rs.getString(1) + " " + key;
                }).stream().filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of(), wrong, "each job with an archive id carries its key");
        assertEquals(jobs, sql.single("select count(*) from thaw_job where archive_key is not null",
                rs -> rs.getInt(1)).orElseThrow());
        assertEquals(1, sql.single("select count(*) from thaw_job where archive_key is null",
                rs -> rs.getInt(1)).orElseThrow(), "the inventory job has no archive and no key");
        assertNotEquals(ArchiveKeys.of("archive-1"), ArchiveKeys.of("archive-2"));
        assertEquals(Migrations.SCRIPTS.length, sql.single("select max(version) from thaw_schema_version",
                rs -> rs.getInt(1)).orElseThrow());
    }
}
