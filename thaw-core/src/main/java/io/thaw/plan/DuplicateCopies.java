package io.thaw.plan;

import io.thaw.deliver.CopyHook;
import io.thaw.deliver.Delivered;
import io.thaw.deliver.Destination;
import io.thaw.deliver.Delivery;
import io.thaw.store.JobRecord;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives with the same content as a retrieved one (same tree hash and size) are written from its
 * verified output under their own names: one retrieval, one fee, several files. A copy is written
 * only when its recorded tree hash and size equal the verified output's, so a 64-bit key collision
 * or a stale inventory can never put wrong bytes under a name.
 */
public final class DuplicateCopies implements CopyHook {

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateCopies.class);

    private final RunItems items;

    public DuplicateCopies(RunItems items) {
        this.items = items;
    }

    @Override
    public void deliverCopies(JobRecord job, Path verifiedFile, Destination destination, Delivery original) {
        if (job.archiveId() == null || job.byteRange() != null) {
            return;
        }
        for (RunItem copy : items.copiesOf(job.jobId())) {
            if (copy.size() != original.size() || !original.treeHash().equalsIgnoreCase(copy.treeHash())) {
                items.mark(copy, RunItem.COPY, RunItem.QUEUED, null);
                LOG.warn("run {}: archive {} listed the same content as {} but the verified output differs; queued"
                        + " for its own retrieval", copy.runId(), JobRecord.shortId(copy.archiveId()),
                        JobRecord.shortId(job.archiveId()));
                continue;
            }
            try {
                Delivered d = destination.deliver(verifiedFile, new Delivery(copy.name(), original.size(),
                        original.treeHash(), original.lastModified(), job.vault(), copy.archiveId(), job.jobId()));
                items.markCopied(copy, d.location());
                LOG.info("COPIED vault={} archive={} (same content as {}) -> {}", job.vault(),
                        JobRecord.shortId(copy.archiveId()), JobRecord.shortId(job.archiveId()), d.location());
            } catch (Exception e) {
                items.mark(copy, RunItem.COPY, RunItem.FAILED, "copy from the output of "
                        + job.archiveId() + " to " + copy.name() + " failed: " + e.getMessage());
                LOG.warn("run {}: copy {} failed: {}", copy.runId(), io.thaw.log.LogText.escape(copy.name()),
                        io.thaw.log.LogText.escape(e.getMessage()));
            }
        }
    }
}
