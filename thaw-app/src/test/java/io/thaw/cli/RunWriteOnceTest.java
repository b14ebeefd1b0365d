package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.thaw.ThawConfig;
import io.thaw.deliver.Deliverer;
import io.thaw.deliver.Destinations;
import io.thaw.glacier.OutputFetcher;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code thaw run} chain (OutputFetcher then Deliverer, as ThawBeans wires them) writes a folder
 * destination's output once: it is downloaded into the destination's {@code .thaw-staging} folder and
 * the delivered file is that same inode, renamed — not a copy of a file in thaw.staging.
 */
class RunWriteOnceTest {

    @Test
    void folderDestinationOutputIsDownloadedInPlaceAndRenamed() throws Exception {
        try (FetchFixture fx = new FetchFixture("Expedited=1h,Standard=1h,Bulk=1h")) {
            FetchFixture.Archive archive = fx.upload("runonce", 6L << 20, 21, "run/six.bin");
            String job = fx.completedJob(archive, null);
            Path root = fx.work.resolve("outbox");
            ThawConfig cfg = ThawConfig.load(fx.config("run", Map.of()));
            try (JobStore store = JobStore.open("jdbc:h2:file:" + fx.work.resolve("run-db"), null, null);
                 Destinations destinations = new Destinations(cfg, null)) {
                store.insert(new NewJob(job, "runonce", "-", "ArchiveRetrieval", archive.archiveId(), "Expedited",
                        null, null, null, null, null, "file:" + root, null));
                store.markStaged(job, archive.size(), archive.size(), archive.treeHash(), archive.treeHash(),
                        Instant.now());
                io.thaw.store.JobClaims claims = new io.thaw.store.JobClaims(store);
                OutputFetcher fetcher = new OutputFetcher(fx.glacier, store, fx.work.resolve("run-staging"),
                        destinations::stagingFolder, j -> null, claims, io.thaw.glacier.ReliabilitySettings.from(cfg),
                        new io.thaw.glacier.JobRenewer(new io.thaw.glacier.JobStarter(fx.glacier, store, "us-east-1",
                        null), claims));

                OutputFetcher.Fetched f;
                try (io.thaw.testing.FetchOutputRoute route = new io.thaw.testing.FetchOutputRoute(fetcher, store,
                        fx.glacier, cfg)) {
                    f = route.fetch(job); // thaw run's route fetch-output, up to delivery
                }
                assertEquals(root.toAbsolutePath().resolve(".thaw-staging").resolve(job + ".part"), f.file());
                Object inode = Files.getAttribute(f.file(), "unix:ino");
                new Deliverer(store, destinations, new ArchiveNamer(NameOverrides.none())).deliver(f);

                Path delivered = root.resolve("run/six.bin");
                assertEquals(-1, Files.mismatch(archive.original(), delivered));
                assertEquals(inode, Files.getAttribute(delivered, "unix:ino"), "delivered by rename, not by a copy");
                assertFalse(Files.exists(f.file()));
                assertFalse(Files.exists(fx.work.resolve("run-staging").resolve(job + ".part")));
                assertEquals(JobState.DELIVERED, store.find(job).map(JobRecord::state).orElseThrow());
            }
        }
    }
}
