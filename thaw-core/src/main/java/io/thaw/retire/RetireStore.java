package io.thaw.retire;

import io.thaw.store.JobStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Retires and their archives in the job store's database (tables of migration V4). Every state change
 * is a conditional update, so a retire killed at any point resumes without deleting or counting an
 * archive twice.
 */
public final class RetireStore extends RetireSql {

    public static final String DRY_RUN = "DRY_RUN";
    public static final String PLANNING = "PLANNING";
    public static final String DELETING = "DELETING";
    public static final String DONE = "DONE";
    public static final String REFUSED = "REFUSED";
    public static final String INVENTORY = "INVENTORY";

    private static final String ITEM_COLS = "retire_id, seq, archive_id, archive_size, tree_hash, job_id, destination,"
            + " location, delivered_at, created_at, state, kind, reason, verified_at, deleted_at";

    /** A retire as stored. */
    public record Retire(String retireId, String vault, String account, boolean confirm, String state, String reason,
                         Instant createdAt, Instant finishedAt) {
    }

    /** Archives and bytes of one state (and kind, for KEEP). */
    public record Total(String state, String kind, long archives, long bytes) {
    }

    public RetireStore(JobStore store) {
        super(store.dataSource());
    }

    // ---- retires ----

    public void create(String retireId, String vault, String account, boolean confirm) {
        Instant now = Instant.now();
        update("insert into thaw_retire (retire_id, vault, account, confirm, state, created_at, updated_at)"
                + " values (?,?,?,?,?,?,?)", retireId, vault, account, confirm, confirm ? PLANNING : DRY_RUN, now, now);
    }

    /** The plan is complete: from now on a killed retire is resumed, not planned again. */
    public void planned(String retireId) {
        update("update thaw_retire set state = ?, updated_at = ? where retire_id = ? and state = ?", DELETING,
                Instant.now(), retireId, PLANNING);
    }

    /** Retires of the vault killed while planning (nothing is deleted before the plan is complete). */
    public int abandonPlanning(String vault) {
        Instant now = Instant.now();
        return update("update thaw_retire set state = ?, reason = 'interrupted while planning; nothing was deleted',"
                + " updated_at = ?, finished_at = ? where vault = ? and state = ?", REFUSED, now, now, vault, PLANNING);
    }

    public Optional<Retire> retire(String retireId) {
        return single("select retire_id, vault, account, confirm, state, reason, created_at, finished_at from thaw_retire"
                + " where retire_id = ?", RetireStore::retire, retireId);
    }

    /** The confirmed retire of this vault a crash or kill left unfinished, if any. */
    public Optional<Retire> unfinished(String vault) {
        return single("select retire_id, vault, account, confirm, state, reason, created_at, finished_at from thaw_retire"
                + " where vault = ? and state = ? order by created_at desc", RetireStore::retire, vault, DELETING);
    }

    /** Retires, newest first (vault null: every vault). */
    public List<Retire> retires(String vault, int limit) {
        String where = vault == null ? "" : " where vault = ?";
        Object[] args = vault == null ? new Object[0] : new Object[] {vault};
        return list("select retire_id, vault, account, confirm, state, reason, created_at, finished_at from thaw_retire"
                + where + " order by created_at desc fetch first " + limit + " rows only", RetireStore::retire, args);
    }

    /** --delete-vault: records the inventory job it started (state INVENTORY until it decides). */
    public void inventoryStarted(String retireId, String vault, String account, boolean confirm, String jobId) {
        Instant now = Instant.now();
        update("insert into thaw_retire (retire_id, vault, account, confirm, state, inventory_job, created_at, updated_at)"
                + " values (?,?,?,?,?,?,?,?)", retireId, vault, account, confirm, INVENTORY, jobId, now, now);
    }

    /** The newest --delete-vault of the vault still waiting for its inventory: {retire id, job id}. */
    public Optional<String[]> pendingInventory(String vault) {
        return single("select retire_id, inventory_job from thaw_retire where vault = ? and state = ?"
                + " order by created_at desc", rs -> new String[] {rs.getString(1), rs.getString(2)}, vault, INVENTORY);
    }

    /** The newest retire item of this archive in any retire of the vault (why it is still there). */
    public Optional<RetireItem> latestItem(String vault, String archiveId) {
        return single("select " + cols("i") + " from thaw_retire_item i join thaw_retire r on r.retire_id = i.retire_id"
                + " where r.vault = ? and i.archive_id = ? order by r.created_at desc", RetireStore::item, vault, archiveId);
    }

    /** Archives and bytes deleted by every retire: the metrics' totals. */
    public long[] deletedTotals() {
        return single("select count(*), coalesce(sum(archive_size), 0) from thaw_retire_item where state = 'DELETED'",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElse(new long[2]);
    }

    public void finish(String retireId, String state, String reason) {
        Instant now = Instant.now();
        update("update thaw_retire set state = ?, reason = ?, updated_at = ?, finished_at = ? where retire_id = ?",
                state, truncate(reason), now, now, retireId);
    }

    // ---- items ----

    public void addItem(RetireItem i) {
        update("insert into thaw_retire_item (" + ITEM_COLS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", i.retireId(),
                i.seq(), i.archiveId(), i.size(), i.treeHash(), i.jobId(), i.destination(), i.location(),
                i.deliveredAt(), i.createdAt(), i.state(), i.kind(), truncate(i.reason()), i.verifiedAt(), i.deletedAt());
    }

    public boolean has(String retireId, String archiveId) {
        return single("select 1 from thaw_retire_item where retire_id = ? and archive_id = ?", rs -> 1, retireId,
                archiveId).isPresent();
    }

    /** Records an archive's CreationDate from an inventory; false when the retire does not hold it. */
    public boolean setCreated(String retireId, String archiveId, Instant createdAt) {
        return update("update thaw_retire_item set created_at = ? where retire_id = ? and archive_id = ?", createdAt,
                retireId, archiveId) == 1;
    }

    /** The copy was read back just now and matched: to be deleted (unless kept later for another reason). */
    public void verified(String retireId, String archiveId, Instant at) {
        update("update thaw_retire_item set state = 'DELETE', kind = null, reason = null, verified_at = ?"
                + " where retire_id = ? and archive_id = ? and state <> 'DELETED'", at, retireId, archiveId);
    }

    public void keep(String retireId, String archiveId, RetireItem.Keep kind, String reason) {
        update("update thaw_retire_item set state = 'KEEP', kind = ?, reason = ? where retire_id = ? and archive_id = ?"
                + " and state <> 'DELETED'", kind.name(), truncate(reason), retireId, archiveId);
    }

    /**
     * Keeps every archive to be deleted whose content (tree hash and size) another archive of the retire
     * shares whose copy failed re-verification. Returns how many it kept.
     */
    public int keepDuplicatesOfFailed(String retireId) {
        return update("update thaw_retire_item set state = 'KEEP', kind = 'DUPLICATE', reason = 'an archive with the same"
                + " content (tree hash and size) failed re-verification of its delivered copy' where retire_id = ? and"
                + " state = 'DELETE' and exists (select 1 from thaw_retire_item o where o.retire_id = thaw_retire_item.retire_id"
                + " and o.tree_hash = thaw_retire_item.tree_hash and o.archive_size = thaw_retire_item.archive_size"
                + " and o.archive_id <> thaw_retire_item.archive_id and o.kind = 'REVERIFY')", retireId);
    }

    /** Keeps every archive still to be deleted after the first {@code max} (in order), or all when max is 0. */
    public int keepBeyond(String retireId, long max, RetireItem.Keep kind, String reason) {
        Optional<Long> lastSeq = max <= 0 ? Optional.of(-1L) : single("select seq from thaw_retire_item where retire_id = ?"
                + " and state = 'DELETE' order by seq offset " + (max - 1) + " rows fetch next 1 rows only",
                rs -> rs.getLong(1), retireId);
        return lastSeq.map(seq -> update("update thaw_retire_item set state = 'KEEP', kind = ?, reason = ?"
                + " where retire_id = ? and state = 'DELETE' and seq > ?", kind.name(), truncate(reason), retireId, seq))
                .orElse(0);
    }

    /** The next archives to delete, in order. */
    public List<RetireItem> toDelete(String retireId, int limit) {
        return list("select " + ITEM_COLS + " from thaw_retire_item where retire_id = ? and state = 'DELETE'"
                + " order by seq fetch first " + limit + " rows only", RetireStore::item, retireId);
    }

    /** Glacier deleted the archive (or no longer had it): true for the one caller that recorded it. */
    public boolean markDeleted(String retireId, String archiveId, Instant at) {
        return update("update thaw_retire_item set state = 'DELETED', deleted_at = ? where retire_id = ?"
                + " and archive_id = ? and state = 'DELETE'", at, retireId, archiveId) == 1;
    }

    /** Every item (of one state, or all), in order, one at a time (a retire may hold millions). */
    public void forEach(String retireId, String state, Consumer<RetireItem> each) {
        String sql = "select " + ITEM_COLS + " from thaw_retire_item where retire_id = ?"
                + (state == null ? "" : " and state = ?") + " order by seq";
        stream(sql, RetireStore::item, each, state == null ? new Object[] {retireId} : new Object[] {retireId, state});
    }

    /** Up to {@code limit} items after {@code afterSeq}, in order: work in pages, no cursor held open. */
    public List<RetireItem> page(String retireId, long afterSeq, int limit) {
        return list("select " + ITEM_COLS + " from thaw_retire_item where retire_id = ? and seq > ? order by seq"
                + " fetch first " + limit + " rows only", RetireStore::item, retireId, afterSeq);
    }

    public long nextSeq(String retireId) {
        return single("select coalesce(max(seq), 0) + 1 from thaw_retire_item where retire_id = ?", rs -> rs.getLong(1),
                retireId).orElse(1L);
    }

    public List<Total> totals(String retireId) {
        return list("select state, kind, count(*), coalesce(sum(archive_size), 0) from thaw_retire_item where retire_id = ?"
                + " group by state, kind order by state, kind", rs -> new Total(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getLong(4)), retireId);
    }

    /** Archives and bytes to delete that are younger than {@code cutoff}, as [archives, bytes, sum of bytes x days left]. */
    public List<RetireItem> deletableCreatedAfter(String retireId, Instant cutoff) {
        return list("select " + ITEM_COLS + " from thaw_retire_item where retire_id = ? and state in ('DELETE', 'DELETED')"
                + " and created_at > ? order by seq", RetireStore::item, retireId, cutoff);
    }

    private static String cols(String alias) {
        return alias + "." + ITEM_COLS.replace(", ", ", " + alias + ".");
    }

    private static Retire retire(ResultSet rs) throws SQLException {
        return new Retire(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                rs.getString(6), instant(rs, 7), instant(rs, 8));
    }

    private static RetireItem item(ResultSet rs) throws SQLException {
        return new RetireItem(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9), instant(rs, 10), rs.getString(11),
                rs.getString(12), rs.getString(13), instant(rs, 14), instant(rs, 15));
    }

}
