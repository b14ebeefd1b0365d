package io.thaw.plan;

import io.thaw.deliver.Destinations;
import io.thaw.inventory.InventoryItem;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.DuplicatePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    private final RunItems items;
    private final ArchiveNamer namer;
    private final Destinations destinations;

    public RunPlanner(RunItems items, ArchiveNamer namer, Destinations destinations) {
        this.items = items;
        this.namer = namer;
        this.destinations = destinations;
    }

    /** Queues the run's archives from the inventory pages; answers how many jobs it will start. */
    public long plan(Run run, List<Path> pages) throws IOException {
        int maxBytes = maxNameBytes(run.destination());
        DuplicatePlan names = new DuplicatePlan();
        long skippedRows = InventoryPages.forEach(pages, it -> names.add(it.archiveId(), baseName(it, maxBytes),
                it.creationDate()));
        try (RunItemBatch batch = items.batch(run)) {
            Queue q = new Queue(batch, run, names, run.selection().toFilter(), maxBytes);
            InventoryPages.forEach(pages, q::offer);
            batch.commit();
            LOG.info("run {} on vault '{}': {} queued, {} copies, {} skipped, {} failed, {} beyond maxArchives,"
                    + " {} malformed rows", run.runId(), run.vault(), q.queued, q.copies, q.skipped, q.failed,
                    q.beyondMax, skippedRows);
            return q.queued;
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

    /** The second pass: each selected archive's state, decided against the store and this run's rows so far. */
    private final class Queue {
        final RunItemBatch batch;
        final Run run;
        final DuplicatePlan names;
        final ArchiveFilter filter;
        final int maxBytes;
        final DuplicateIndex contents = new DuplicateIndex();
        long queued;
        long copies;
        long skipped;
        long failed;
        long beyondMax;

        Queue(RunItemBatch batch, Run run, DuplicatePlan names, ArchiveFilter filter, int maxBytes) {
            this.batch = batch;
            this.run = run;
            this.names = names;
            this.filter = filter;
            this.maxBytes = maxBytes;
        }

        void offer(InventoryItem it) {
            if (!filter.matches(it)) {
                return;
            }
            String name = names.finalName(it.archiveId(), baseName(it, maxBytes), it.creationDate(), maxBytes);
            String earlier = batch.deliveredById(it.archiveId());
            if (earlier == null) {
                earlier = batch.deliveredSame(it.treeHash(), it.size(), name);
            }
            if (earlier != null) {
                skipped++;
                add(it, name, RunItem.SKIPPED, null, "delivered earlier: " + earlier);
                return;
            }
            String copyOf = contents.add(it.treeHash(), it.size()) ? null : batch.primary(it.treeHash(), it.size());
            if (copyOf != null) {
                copies++;
                add(it, name, RunItem.COPY, copyOf, null);
                return;
            }
            String refusal = destinations.refusal(run.destination(), it.size());
            if (refusal != null) {
                failed++;
                add(it, name, RunItem.FAILED, null, refusal);
                return;
            }
            long max = run.selection().maxArchives();
            if (max > 0 && queued >= max) {
                beyondMax++;
                return;
            }
            queued++;
            add(it, name, RunItem.QUEUED, null, null);
        }

        private void add(InventoryItem it, String name, String state, String copyOf, String reason) {
            batch.add(it.archiveId(), it.size(), it.treeHash(), name, state, copyOf, reason);
        }
    }
}
