package io.thaw.cli;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * {@code thaw demo --vault-run N}: after the demo, thaw's main job for a vault owner on the same sandbox and
 * routes — a vault of N small archives restored by one whole-vault request (inventory, paced starts, notices,
 * deliveries). bin/thaw-cds trains with it, so Java 25's ahead-of-time cache holds the method profiles of the
 * code a whole-vault run repeats per archive: a 10,000-archive run then took a quarter less of thaw's CPU than
 * with a cache of the demo alone (docs/benchmarks.md, session 25).
 */
final class DemoVaultRun {

    static final String VAULT = "demo-whole-vault";
    private static final int UPLOADERS = 4;

    private DemoVaultRun() {
    }

    /** Uploads {@code n} archives of 1–4 KiB with distinct contents, 4 at a time. */
    static void upload(GlacierClient glacier, Path scratch, int n) throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        Files.createDirectories(scratch);
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS);
        try {
            List<Future<Object>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < UPLOADERS; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    ArchiveUploader up = new ArchiveUploader(glacier);
                    Random r = new Random(first);
                    for (int i = first; i < n; i += UPLOADERS) {
                        byte[] b = new byte[1024 + r.nextInt(3072)];
                        r.nextBytes(b);
                        Path f = scratch.resolve("a" + i);
                        Files.write(f, b);
                        up.upload(VAULT, f, String.format("whole-vault/archive-%06d.bin", i));
                        Files.delete(f);
                    }
                    return null;
                }));
            }
            for (Future<Object> part : parts) {
                part.get(); // an upload that failed fails the demo, with its cause
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Drops the whole-vault request and waits until its {@code n} archives are delivered; answers the exit code. */
    static int run(Main main, Path inbox, int n, Duration timeout) throws Exception {
        JobStore store = main.getCamelContext().getRegistry().lookupByNameAndType("jobStore", JobStore.class);
        Instant start = Instant.now();
        Demos.write(inbox.resolve("whole-vault.json"), "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":"
                + "\"archive-retrieval\",\"Tier\":\"Bulk\"},\"select\":{\"all\":true,\"inventory\":\"retrieve\"}}");
        Instant deadline = start.plus(timeout);
        List<JobRecord> archives = List.of();
        long delivered = 0;
        List<JobRecord> failed = List.of();
        while (delivered + failed.size() < n) {
            if (Instant.now().isAfter(deadline)) {
                System.out.println("thaw demo: whole-vault run timed out after " + timeout + " with " + delivered
                        + " of " + n + " archives delivered");
                return 1;
            }
            TimeUnit.MILLISECONDS.sleep(500);
            archives = store.list(VAULT).stream().filter(j -> j.archiveId() != null).toList();
            delivered = archives.stream().filter(j -> j.state() == JobState.DELIVERED).count();
            failed = archives.stream().filter(j -> j.state().isFinal() && j.state() != JobState.DELIVERED).toList();
        }
        double secs = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        if (!failed.isEmpty()) {
            System.out.println("thaw demo: whole-vault run: " + failed.size() + " of " + n + " archives NOT delivered;"
                    + " the first: " + failed.get(0).error());
            return 1;
        }
        System.out.printf("thaw demo: whole-vault run of %d archives delivered and verified under work/outbox/whole-vault/"
                + " in %.1f s (%.0f archives/s)%n", n, secs, n / secs);
        return 0;
    }
}
