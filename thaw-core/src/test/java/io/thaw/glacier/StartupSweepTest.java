package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a killed process leaves behind is removed at start; what a live download still needs is kept. */
class StartupSweepTest {

    @Test
    void removesLeftoversOfFinishedOrUnknownJobsAndStalePartFilesOnly() throws Exception {
        Path work = Files.createDirectories(Path.of("target/test-work/sweep-" + System.nanoTime()));
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path outbox = Files.createDirectories(work.resolve("outbox/photos"));
        try (JobStore store = JobStore.open("jdbc:h2:file:./" + work.resolve("db"), null, null)) {
            store.insert(job("delivered"));
            store.insert(job("staged"));
            store.markStaged("delivered", 3L, 3L, null, null, Instant.now());
            store.claimForDownload("delivered");
            store.markDelivered("delivered", "file:/x", 3);
            store.markStaged("staged", 3L, 3L, null, null, Instant.now());
            Path deliveredPart = Files.writeString(staging.resolve("delivered.part"), "abc");
            Path stagedPart = Files.writeString(staging.resolve("staged.part"), "abc");
            Path unknownPart = Files.writeString(staging.resolve("nobody.part"), "abc");
            Path stale = Files.writeString(outbox.resolve(".a.bin.thaw-part"), "half");
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Path fresh = Files.writeString(outbox.resolve(".b.bin.thaw-part"), "being written");
            Path delivered = Files.writeString(outbox.resolve("c.bin"), "a delivered file");

            int removed = new StartupSweep(store, staging, List.of("file:" + work.resolve("outbox"), "ftp://h/x"),
                    Duration.ofMinutes(2), uri -> null).run();

            assertEquals(3, removed);
            assertFalse(Files.exists(deliveredPart));
            assertFalse(Files.exists(unknownPart));
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(stagedPart), "a job still to deliver resumes from its staging file");
            assertTrue(Files.exists(fresh), "a part file another instance is writing stays");
            assertTrue(Files.exists(delivered));
        }
        io.thaw.TestDirs.delete(work);
    }

    static NewJob job(String id) {
        return new NewJob(id, "photos", "-", "ArchiveRetrieval", "arch-" + id, "Standard", null, null, null, null, null,
                "file:out", null);
    }
}
