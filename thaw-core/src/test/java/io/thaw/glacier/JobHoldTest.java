package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.SandboxClients;
import io.thaw.ThawConfig;
import io.thaw.deliver.Deliverer;
import io.thaw.deliver.Destinations;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.testing.FetchOutputRoute;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * The hold a worker has on a job, from its first fetched byte to DELIVERED, with the real fetcher,
 * deliverer, sandbox and H2 store. The root cause of the 0-byte deliveries: the fetcher let go of the
 * job when fetch returned, so a duplicate notice fetched it again — claiming it anew, as the claim was
 * this instance's own — and truncated the staging file the deliverer was copying.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobHoldTest {

    static final String VAULT = "held";

    final Path work;
    final Sandbox sandbox;
    final GlacierClient glacier;
    final JobStore store;
    final JobClaims claims;
    final Path outbox;
    final DefaultCamelContext camel = new DefaultCamelContext();
    final java.util.List<FetchOutputRoute> routes = new java.util.ArrayList<>();

    JobHoldTest() throws IOException {
        work = Files.createDirectories(Path.of("target/test-work/hold-" + System.nanoTime()));
        outbox = work.resolve("out").toAbsolutePath();
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays("Expedited=100ms,Standard=100ms,Bulk=100ms"));
        glacier = SandboxClients.glacier(sandbox);
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        store = JobStore.open("jdbc:h2:file:./" + work.resolve("db"), null, null);
        claims = new JobClaims(store);
    }

    @AfterAll
    void close() throws Exception {
        routes.forEach(FetchOutputRoute::close);
        store.close();
        glacier.close();
        sandbox.close();
        camel.close();
        io.thaw.TestDirs.delete(work);
    }

    ThawConfig config(String instance) {
        return ThawConfig.of(Map.of("thaw.claims.ttl", "PT1M", "thaw.instance.id", instance,
                "thaw.notices.queue-url", "http://queue", "thaw.allowed-roots", "file:" + outbox)::get, java.util.Set::of);
    }

    /** Instance {@code instance}'s route fetch-output, on the glacier: component, up to delivery. */
    FetchOutputRoute fetcher(String instance) throws Exception {
        ThawConfig c = config(instance);
        ReliabilitySettings s = ReliabilitySettings.from(c);
        JobStarter starter = new JobStarter(glacier, store, sandbox.region(), null);
        OutputFetcher f = new OutputFetcher(glacier, store, work.resolve("staging-" + instance), destination -> null,
                job -> null, claims, s, new JobRenewer(starter, claims));
        FetchOutputRoute route = new FetchOutputRoute(f, store, glacier, c);
        routes.add(route);
        return route;
    }

    Deliverer deliverer() {
        return new Deliverer(store, new Destinations(config("x"), camel), new ArchiveNamer(NameOverrides.none()));
    }

    /** A finished job in the store (REQUESTED: the fetcher asks Glacier), for an archive of n bytes. */
    JobRecord finishedJob(int n, String name) throws IOException {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        Path f = work.resolve("upload.bin");
        Files.write(f, data);
        String archiveId = new ArchiveUploader(glacier).upload(VAULT, f, name).archiveId();
        JobRecord j = new JobStarter(glacier, store, sandbox.region(), null).start("-", VAULT, JobParameters.builder()
                .type("archive-retrieval").archiveId(archiveId).tier("Expedited").build(),
                new JobStarter.Purpose("file:" + outbox, null, null, null));
        sandbox.completeJob(j.jobId());
        return j;
    }

    @Test
    void aDuplicateNoticeDuringDeliveryIsANoOp() throws Exception {
        JobRecord j = finishedJob(100_000, "dup.bin");
        FetchOutputRoute a = fetcher("a");
        OutputFetcher.Fetched first = a.fetch(j.jobId());
        assertNotNull(first);
        long servedBefore = sandbox.log().served().size();
        // the duplicate notice arrives while the first worker delivers: the same instance must not fetch again
        assertNull(a.fetch(j.jobId()), "a second fetch of a job in hand");
        assertEquals(servedBefore, sandbox.log().served().size(), "nothing downloaded again");
        assertEquals(100_000, Files.size(first.file()), "the staging file was left alone");
        // nor may another instance, whose claim attempt meets this one's
        assertNull(fetcher("b").fetch(j.jobId()));
        assertNotNull(deliverer().deliver(first));
        assertEquals(JobState.DELIVERED, store.find(j.jobId()).orElseThrow().state());
        assertEquals(100_000, Files.size(outbox.resolve("dup.bin")));
        assertNull(a.fetch(j.jobId()), "a notice after delivery is a no-op");
    }

    @Test
    void aDeliveryWhoseClaimWasTakenOverCommitsNothing() throws Exception {
        JobRecord j = finishedJob(50_000, "paused.bin");
        OutputFetcher.Fetched f = fetcher("a").fetch(j.jobId());
        assertNotNull(f);
        // instance a was paused past its claim, b took the job over
        Instant now = Instant.now();
        assertTrue(claims.claim(j.jobId(), "b", now.plusSeconds(3600), now.plusSeconds(7200)));
        assertNull(deliverer().deliver(f), "a must not deliver");
        assertFalse(Files.exists(outbox.resolve("paused.bin")), "nothing under the final name");
        JobRecord after = store.find(j.jobId()).orElseThrow();
        assertEquals(JobState.DOWNLOADING, after.state(), "b's claim was left alone");
        assertTrue(claims.holds(j.jobId(), "b", now), "still b's");
        assertNoPartFiles();
    }

    @Test
    void aShortOrEmptyFileNeverGetsItsFinalName() throws Exception {
        JobRecord j = finishedJob(70_000, "short.bin");
        OutputFetcher.Fetched f = fetcher("a").fetch(j.jobId());
        assertNotNull(f);
        try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.WRITE)) {
            ch.truncate(0); // what the second fetch did to the file being delivered
        }
        assertThrows(IOException.class, () -> deliverer().deliver(f));
        assertFalse(Files.exists(outbox.resolve("short.bin")), "an empty file never gets the final name");
        assertEquals(JobState.STAGED, store.find(j.jobId()).orElseThrow().state(), "parked for another attempt");

        // same size, one byte changed after verification: the part file's tree hash gives it away
        OutputFetcher.Fetched again = fetcher("a").fetch(j.jobId());
        assertNotNull(again);
        try (FileChannel ch = FileChannel.open(again.file(), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 1234);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, 1234);
        }
        IOException e = assertThrows(IOException.class, () -> deliverer().deliver(again));
        assertTrue(e.getMessage().contains("tree hash"), e.getMessage());
        assertFalse(Files.exists(outbox.resolve("short.bin")), "a changed file never gets the final name");
        assertNoPartFiles();
    }

    void assertNoPartFiles() throws IOException {
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> s = Files.walk(outbox)) {
                assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".thaw-part")).count());
            }
        }
    }
}
