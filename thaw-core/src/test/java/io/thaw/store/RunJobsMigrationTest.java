package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V10 on a store whose run is under way: the run's jobs not delivered get their item's size (a
 * report counts them from the job-state index with it), an item that follows another request's job is listed
 * in thaw_run_follow, and delivered jobs and jobs of no run are left as they were. Run twice, as after a kill
 * during the migration, it adds nothing twice. On H2 and on PostgreSQL, whose SQL the script must both accept.
 */
class RunJobsMigrationTest {

    @TempDir
    Path dir;

    @Test
    void aRunUnderWayGetsItsJobsSizesAndFollowedJobsOnH2() {
        migrateAndCheck(BareStores.h2(dir));
    }

    @Test
    void aRunUnderWayGetsItsJobsSizesAndFollowedJobsOnPostgres() throws Exception {
        BareStores.onPostgres(RunJobsMigrationTest::migrateAndCheck);
    }

    private static final String ITEM = "insert into thaw_run_item (run_id, seq, archive_id, archive_size, name, state,"
            + " job_id) values ('R-1', ?, ?, ?, ?, ?, ?)";
    private static final String JOB = "insert into thaw_job (job_id, vault, account, action, archive_id, request_file,"
            + " destination, state, created_at, updated_at) values (?, 'v', '-', 'ArchiveRetrieval', ?, ?, 'file:/out', ?,"
            + " current_timestamp, current_timestamp)";

    private static void migrateAndCheck(DataSource ds) {
        Migrations.apply(ds, 9);
        Sql sql = new Sql(ds, "test");
        sql.update("insert into thaw_run (run_id, vault, account, tier, destination, selection, state, created_at,"
                + " updated_at) values ('R-1', 'v', '-', 'Bulk', 'file:/out', '{}', 'RUNNING', current_timestamp,"
                + " current_timestamp)");
        sql.update(JOB, "job-a", "id-a", "run:R-1", "REQUESTED");          // the run's own, in flight
        sql.update(JOB, "job-b", "id-b", "/inbox/.done/r.json", "STAGED"); // another request's, followed
        sql.update(JOB, "job-c", "id-c", "run:R-1", "DELIVERED");          // the run's own, delivered
        sql.update(JOB, "job-d", "id-d", "/inbox/.done/r.json", "REQUESTED"); // no run's
        sql.update(ITEM, 0L, "id-a", 10L, "a.txt", "STARTED", "job-a");
        sql.update(ITEM, 1L, "id-b", 20L, "b.txt", "STARTED", "job-b");
        sql.update(ITEM, 2L, "id-c", 30L, "c.txt", "STARTED", "job-c");
        sql.update(ITEM, 3L, "id-e", 40L, "e.txt", "QUEUED", null);

        Migrations.apply(ds);
        sql.update("delete from thaw_schema_version where version = 10");
        Migrations.apply(ds); // again, as after a kill before the version was recorded

        assertEquals(List.of("job-a 10", "job-b -", "job-c -", "job-d -"), sql.list("select job_id || ' ' ||"
                + " coalesce(cast(archive_size as varchar(20)), '-') from thaw_job order by job_id", rs -> rs.getString(1)));
        assertEquals(List.of("R-1 1 job-b 20"), sql.list("select run_id || ' ' || seq || ' ' || job_id || ' ' ||"
                + " archive_size from thaw_run_follow", rs -> rs.getString(1)));
        assertEquals(Migrations.SCRIPTS.length, sql.single("select max(version) from thaw_schema_version",
                rs -> rs.getInt(1)).orElseThrow());
    }
}
