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
        /** The value of a content whose first archive was not queued (failed or beyond maxArchives): no copies. */
        static final long NOT_QUEUED = -1;
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
            String copyOf = copyOf(it);
            if (copyOf != null) {
                copies++;
                add(it, name, RunItem.COPY, copyOf, null);
                return;
            }
            String refusal = destinations.refusal(run.destination(), it.size());
            if (refusal != null) {
                failed++;
                contents.putIfAbsent(it.treeHash(), it.size(), NOT_QUEUED);
                add(it, name, RunItem.FAILED, null, refusal);
                return;
            }
            long max = run.selection().maxArchives();
            if (max > 0 && queued >= max) {
                beyondMax++;
                contents.putIfAbsent(it.treeHash(), it.size(), NOT_QUEUED);
                return;
            }
            queued++;
            long seq = add(it, name, RunItem.QUEUED, null, null);
            contents.putIfAbsent(it.treeHash(), it.size(), seq);
        }

        /**
         * The archive queued first in this run with the same content, or null. Found by the first one's
         * place in the queue, kept in memory: asking the store by content for every duplicate meant
         * writing the pending rows first, so batches were a few rows long (a fifth of a vault's queuing
         * on H2). A 64-bit key that two contents share is caught by comparing the row's tree hash and
         * size, and then the store is asked by content.
         */
        private String copyOf(InventoryItem it) {
            long first = contents.get(it.treeHash(), it.size());
            if (first == DuplicateIndex.ABSENT || first == NOT_QUEUED) {
                return null;
            }
            String id = batch.archiveAt(first, it.treeHash(), it.size());
            return id != null ? id : batch.primary(it.treeHash(), it.size());
        }

        private long add(InventoryItem it, String name, String state, String copyOf, String reason) {
            return batch.add(it.archiveId(), it.size(), it.treeHash(), name, state, copyOf, reason);
        }
    }
}
