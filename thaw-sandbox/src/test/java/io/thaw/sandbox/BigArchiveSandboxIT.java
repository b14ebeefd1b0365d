package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * A 2 GiB archive through a sandbox running as its own JVM with -Xmx256m: multipart upload with
 * ArchiveUploader, an archive-retrieval job, and a download of the whole output in tree-aligned
 * 64 MiB ranges, each checked against its x-amz-sha256-tree-hash header and all combined against the
 * archive's tree hash. The sandbox must still be alive at the end (bodies are streamed, not buffered).
 */
class BigArchiveSandboxIT {

    static final long SIZE = 2L << 30;
    static final long CHUNK = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoGibArchiveThroughASmallHeapSandbox() throws Exception {
        Path data = tmp.resolve("data");
        Path archive = tmp.resolve("big.bin");
        Path out = tmp.resolve("sandbox.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SandboxProcessMain.class.getName(), data.toString(), "Expedited=1s")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            URI endpoint = awaitEndpoint(child, out);
            writePseudoRandom(archive, SIZE);
            String expected = TreeHash.of(archive);
            try (GlacierClient glacier = GlacierClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(ApacheHttpClient.create()).build()) {
                glacier.createVault(b -> b.vaultName("big"));
                long t0 = System.nanoTime();
                ArchiveUploader.Uploaded up = new ArchiveUploader(glacier).upload("big", archive, "two GiB");
                long uploadMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(expected, up.treeHash());
                assertEquals(SIZE, up.size());
                Files.delete(archive); // from here on only the sandbox's copy exists

                String jobId = glacier.initiateJob(b -> b.vaultName("big").jobParameters(p -> p.type("archive-retrieval")
                        .archiveId(up.archiveId()).tier("Expedited"))).jobId();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!glacier.describeJob(b -> b.vaultName("big").jobId(jobId)).completed()) {
                    assertTrue(System.nanoTime() < deadline, "job did not complete");
                    Thread.sleep(200);
                }
                assertEquals(expected, glacier.describeJob(b -> b.vaultName("big").jobId(jobId)).sha256TreeHash());

                long t1 = System.nanoTime();
                List<byte[]> chunkHashes = new ArrayList<>();
                byte[] buf = new byte[256 * 1024];
                for (long start = 0; start < SIZE; start += CHUNK) {
                    long end = Math.min(start + CHUNK, SIZE) - 1;
                    String range = "bytes=" + start + "-" + end;
                    try (var in = glacier.getJobOutput(b -> b.vaultName("big").jobId(jobId).range(range))) {
                        TreeHash th = new TreeHash();
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            th.update(buf, 0, n);
                        }
                        assertEquals(end - start + 1, th.size(), range);
                        byte[] h = th.digest();
                        assertNotNull(in.response().checksum(), "tree-aligned range " + range + " must carry a hash");
                        assertEquals(in.response().checksum(), TreeHash.toHex(h), range);
                        assertEquals(206, in.response().status());
                        chunkHashes.add(h);
                    }
                }
                long downloadMs = (System.nanoTime() - t1) / 1_000_000;
                assertEquals(expected, TreeHash.toHex(TreeHash.combine(chunkHashes)));
                assertTrue(child.isAlive(), "sandbox JVM died: " + Files.readString(out));
                System.out.printf("2 GiB through a -Xmx256m sandbox: upload %d ms, ranged download %d ms%n",
                        uploadMs, downloadMs);
            }
        } finally {
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            Files.deleteIfExists(archive);
        }
    }

    private static URI awaitEndpoint(Process child, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(out)) {
                for (String line : Files.readAllLines(out)) {
                    if (line.startsWith("thaw sandbox: endpoint ")) {
                        return URI.create(line.substring("thaw sandbox: endpoint ".length()).trim());
                    }
                }
            }
            if (!child.isAlive()) {
                fail("sandbox exited with " + child.exitValue() + ": " + Files.readString(out));
            }
            Thread.sleep(100);
        }
        fail("no endpoint line from the sandbox within 90 s: " + Files.readString(out));
        return null;
    }

    /** Deterministic pseudo-random bytes, written 1 MiB at a time. */
    static void writePseudoRandom(Path file, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(2026);
        byte[] buf = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                for (int i = 0; i < buf.length; i += 8) {
                    long v = r.nextLong();
                    for (int k = 0; k < 8; k++) {
                        buf[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                o.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

}
