package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's queue is committed in steps (RunItemBatch), so a crash while queuing leaves part of it behind,
 * in a run still waiting for its inventory; queuing the run again (the pacer's resumeWaiting after the
 * restart) must give the same queue, not fail on the rows already there nor count them twice.
 */
class RunQueueAgainTest {

    @Test
    void queuingARunAgainReplacesWhatAnInterruptedQueuingLeft() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/queue-again-" + System.nanoTime()));
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null)) {
            RunStore runs = new RunStore(store);
            RunItems items = new RunItems(store);
            Path inventory = Files.writeString(dir.resolve("inv.csv"), "ArchiveId,ArchiveDescription,CreationDate,Size,"
                    + "SHA256TreeHash\nid-1,\"a.txt\",2020-01-01T00:00:00Z,10," + "a".repeat(64)
                    + "\nid-2,\"b.txt\",2020-01-02T00:00:00Z,10," + "a".repeat(64)
                    + "\nid-3,\"c.txt\",2020-01-03T00:00:00Z,30," + "c".repeat(64) + "\n");
            Run run = new Run("R-again", "v", "-", "Bulk", "file:" + dir.resolve("out"), Selection.all(), null, null,
                    Run.WAITING_INVENTORY, null, Instant.now(), null);
            runs.create(run);
            RunPlanner planner = new RunPlanner(items, new ArchiveNamer(NameOverrides.none()), RunPacerIT.NO_DESTINATIONS);
            assertEquals(2, planner.plan(run, List.of(inventory)));
            // the restart finds the run still WAITING_INVENTORY with its items written: it queues it again
            assertEquals(2, planner.plan(run, List.of(inventory)));
            assertEquals(List.of("id-1", "id-3"), items.queued("R-again", 10).stream().map(RunItem::archiveId).toList());
            assertEquals(1, items.count("R-again", RunItem.COPY), "id-2 is still a copy of id-1, once");
            assertEquals(new RunItems.Queued(2, 40, 30, 10), items.queuedStats("R-again"));
        }
    }
}
