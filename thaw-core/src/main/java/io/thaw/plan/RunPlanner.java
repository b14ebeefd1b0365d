package io.thaw.plan;

import io.thaw.deliver.Destinations;
import io.thaw.inventory.InventoryItem;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.DuplicatePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a run's queue from its inventory in two streaming passes: first every archive's name goes
 * into a {@link DuplicatePlan} (so duplicate names get the same stable suffixes whatever the filter),
 * then each selected archive becomes an item: QUEUED, SKIPPED (delivered earlier: same id, or same
 * content at the same name), COPY (same content as an archive queued before it) or FAILED (cannot
 * be delivered, e.g. over 5 TiB to S3). Items are written in batches, never held in memory.
 */
public final class RunPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(RunPlanner.class);
    private static final int BATCH = 500;

    private final RunStore runs;
    private final ArchiveNamer namer;
    private final Destinations destinations;

    public RunPlanner(RunStore runs, ArchiveNamer namer, Destinations destinations) {
        this.runs = runs;
        this.namer = namer;
        this.destinations = destinations;
    }

    /** Queues the run's archives from the inventory pages; answers how many jobs it will start. */
    public long plan(Run run, List<Path> pages) throws IOException {
        int maxBytes = maxNameBytes(run.destination());
        DuplicatePlan names = new DuplicatePlan();
        long skippedRows = InventoryPages.forEach(pages, it -> names.add(it.archiveId(), baseName(it, maxBytes),
                it.creationDate()));
        ArchiveFilter filter = run.selection().toFilter();
        try (Connection c = runs.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Queue q = new Queue(c, run, names, filter, maxBytes);
            try {
                InventoryPages.forEach(pages, q::offer);
                q.flush();
                c.commit();
            } catch (IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                q.close();
            }
            LOG.info("run {} on vault '{}': {} queued, {} copies, {} skipped, {} failed, {} beyond maxArchives,"
                    + " {} malformed rows", run.runId(), run.vault(), q.queued, q.copies, q.skipped, q.failed,
                    q.beyondMax, skippedRows);
            return q.queued;
        } catch (SQLException e) {
            throw RunStore.failure(e);
        }
    }

    private String baseName(InventoryItem it, int maxBytes) {
        return namer.name(it.archiveId(), it.description(), null, maxBytes).relativePath();
    }

    /** Like the Deliverer: S3 keys are at most 1,024 bytes including the destination's prefix. */
    private int maxNameBytes(String destination) {
        if (!destinations.isS3(destination)) {
            return 4096;
        }
        String path = java.net.URI.create(destination.trim()).getRawPath();
        return 1024 - (path == null ? 0 : path.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The second pass: one connection, batched inserts, lookups that see this run's rows so far. */
    private final class Queue implements AutoCloseable {
        final Connection c;
        final Run run;
        final DuplicatePlan names;
        final ArchiveFilter filter;
        final int maxBytes;
        final DuplicateIndex contents = new DuplicateIndex();
        final PreparedStatement insert;
        final PreparedStatement deliveredById;
        final PreparedStatement deliveredSame;
        final PreparedStatement primary;
        long seq;
        int pending;
        long queued;
        long copies;
        long skipped;
        long failed;
        long beyondMax;

        Queue(Connection c, Run run, DuplicatePlan names, ArchiveFilter filter, int maxBytes) throws SQLException {
            this.c = c;
            this.run = run;
            this.names = names;
            this.filter = filter;
            this.maxBytes = maxBytes;
            insert = c.prepareStatement("insert into thaw_run_item (run_id, seq, archive_id, archive_size, tree_hash,"
                    + " name, state, copy_of, reason) values (?,?,?,?,?,?,?,?,?)");
            deliveredById = c.prepareStatement("select job_id, delivered_to from thaw_job where vault = ? and archive_id = ?"
                    + " and state = 'DELIVERED' and byte_range is null");
            deliveredSame = c.prepareStatement("select delivered_to from thaw_job where vault = ? and archive_tree_hash = ?"
                    + " and archive_size = ? and name = ? and state = 'DELIVERED' union all select i.delivered_to"
                    + " from thaw_run_item i join thaw_run r on r.run_id = i.run_id where r.vault = ? and i.tree_hash = ?"
                    + " and i.archive_size = ? and i.name = ? and i.state = 'COPIED'");
            primary = c.prepareStatement("select archive_id from thaw_run_item where run_id = ? and tree_hash = ?"
                    + " and archive_size = ? and state = 'QUEUED' order by seq");
        }

        void offer(InventoryItem it) throws IOException {
            if (!filter.matches(it)) {
                return;
            }
            try {
                String name = names.finalName(it.archiveId(), baseName(it, maxBytes), it.creationDate(), maxBytes);
                String earlier = first(deliveredById, run.vault(), it.archiveId());
                if (earlier == null) {
                    earlier = first(deliveredSame, run.vault(), it.treeHash(), it.size(), name, run.vault(),
                            it.treeHash(), it.size(), name);
                }
                if (earlier != null) {
                    skipped++;
                    add(it, name, RunItem.SKIPPED, null, "delivered earlier: " + earlier);
                    return;
                }
                String copyOf = contents.add(it.treeHash(), it.size()) ? null
                        : firstAfterFlush(primary, run.runId(), it.treeHash(), it.size());
                if (copyOf != null) {
                    copies++;
                    add(it, name, RunItem.COPY, copyOf, null);
                    return;
                }
                if (destinations.isS3(run.destination())) {
                    try {
                        destinations.checkDeliverable(run.destination(), it.size());
                    } catch (RuntimeException tooBig) {
                        failed++;
                        add(it, name, RunItem.FAILED, null, tooBig.getMessage());
                        return;
                    }
                }
                long max = run.selection().maxArchives();
                if (max > 0 && queued >= max) {
                    beyondMax++;
                    return;
                }
                queued++;
                add(it, name, RunItem.QUEUED, null, null);
            } catch (SQLException e) {
                throw RunStore.failure(e);
            }
        }

        private void add(InventoryItem it, String name, String state, String copyOf, String reason) throws SQLException {
            RunStore.bind(insert, run.runId(), seq++, it.archiveId(), it.size(), it.treeHash(), name, state, copyOf,
                    RunStore.truncate(reason));
            insert.addBatch();
            if (++pending >= BATCH) {
                flush();
            }
        }

        void flush() {
            try {
                if (pending > 0) {
                    insert.executeBatch();
                    pending = 0;
                }
            } catch (SQLException e) {
                throw RunStore.failure(e);
            }
        }

        /** The primary may still sit in the batch: write the batch before looking it up. */
        private String firstAfterFlush(PreparedStatement ps, Object... args) throws SQLException {
            flush();
            return first(ps, args);
        }

        private String first(PreparedStatement ps, Object... args) throws SQLException {
            RunStore.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(rs.getMetaData().getColumnCount()) : null;
            }
        }

        @Override
        public void close() {
            for (PreparedStatement ps : new PreparedStatement[] {insert, deliveredById, deliveredSame, primary}) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing the connection closes it too
                }
            }
        }
    }
}
