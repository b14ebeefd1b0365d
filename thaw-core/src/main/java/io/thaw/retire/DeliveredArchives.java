package io.thaw.retire;

import io.thaw.store.JobStore;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the job store knows about a vault's archives, as a retire judges them: archive-retrieval jobs
 * (newest first per archive) and archives runs delivered as copies of another archive's output.
 */
public final class DeliveredArchives extends RetireSql {

    public DeliveredArchives(JobStore store) {
        super(store.dataSource());
    }

    /** An archive-retrieval job of the vault, as a retire judges it. */
    public record JobRow(String archiveId, String jobId, String state, String byteRange, Long archiveSize,
                         String treeHash, String destination, String deliveredTo, Instant deliveredAt, String error) {
    }

    /** An archive a run delivered as a copy of another archive's verified output. */
    public record CopyRow(String archiveId, long size, String treeHash, String copyOf, String location,
                          String destination) {
    }

    /** Archive jobs of the vault (only those of run {@code runId} when given), by archive, newest job first. */
    public void forEachArchiveJob(String vault, String runId, Consumer<JobRow> each) {
        String sql = "select archive_id, job_id, state, byte_range, coalesce(archive_size, output_size),"
                + " coalesce(archive_tree_hash, case when byte_range is null then output_tree_hash end), destination,"
                + " delivered_to, delivered_at, error from thaw_job where vault = ? and action = 'ArchiveRetrieval'"
                + " and archive_id is not null" + (runId == null ? "" : " and job_id in (select job_id from thaw_run_item"
                + " where run_id = ?)") + " order by archive_id, id desc";
        stream(sql, rs -> new JobRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                (Long) rs.getObject(5, Long.class), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9),
                rs.getString(10)), each, runId == null ? new Object[] {vault} : new Object[] {vault, runId});
    }

    /** Archives runs of the vault delivered as copies (only run {@code runId}'s when given). */
    public void forEachCopy(String vault, String runId, Consumer<CopyRow> each) {
        String sql = "select i.archive_id, i.archive_size, i.tree_hash, i.copy_of, i.delivered_to, r.destination"
                + " from thaw_run_item i join thaw_run r on r.run_id = i.run_id where r.vault = ? and i.state = 'COPIED'"
                + (runId == null ? "" : " and i.run_id = ?") + " order by i.run_id, i.seq";
        stream(sql, rs -> new CopyRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6)), each, runId == null ? new Object[] {vault} : new Object[] {vault, runId});
    }
}
