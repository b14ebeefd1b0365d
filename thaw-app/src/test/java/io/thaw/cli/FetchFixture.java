package io.thaw.cli;

import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/** A sandbox with archives to fetch, a work folder under target/test-work, and a config file for thaw. */
final class FetchFixture implements AutoCloseable {

    /** An uploaded archive and the tree hash of what was uploaded. */
    record Archive(String vault, String archiveId, Path original, String treeHash, long size) {
    }

    /** Exit code and what a command printed. */
    record Run(int exit, String out, String err) {
    }

    final Sandbox sandbox;
    final GlacierClient glacier;
    final Path work;

    FetchFixture(String jobDelays) throws IOException {
        work = Files.createDirectories(Path.of("target", "test-work", "fetch-" + UUID.randomUUID()).toAbsolutePath());
        sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                .withJobDelays(jobDelays));
        glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create()).build();
    }

    /** Deterministic pseudo-random bytes streamed to disk 1 MiB at a time (never whole in memory). */
    static void writeData(Path file, long size, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
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

    Archive upload(String vault, long size, long seed, String description) throws IOException {
        glacier.createVault(b -> b.vaultName(vault));
        Path file = work.resolve(vault + "-" + seed + ".bin");
        writeData(file, size, seed);
        ArchiveUploader.Uploaded up = new ArchiveUploader(glacier).upload(vault, file, description);
        return new Archive(vault, up.archiveId(), file, TreeHash.of(file), size);
    }

    /** Starts a retrieval (range null = whole archive) and completes it at once. */
    String completedJob(Archive a, String range) {
        String jobId = startJob(a, range, "Expedited");
        sandbox.completeJob(jobId);
        return jobId;
    }

    String startJob(Archive a, String range, String tier) {
        return glacier.initiateJob(b -> b.vaultName(a.vault()).jobParameters(p -> p.type("archive-retrieval")
                .archiveId(a.archiveId()).tier(tier).retrievalByteRange(range))).jobId();
    }

    /** thaw settings for this sandbox, a store and staging under the work folder, plus extra keys. */
    Path config(String name, Map<String, String> extra) throws IOException {
        Map<String, String> p = new TreeMap<>();
        p.put("thaw.aws.endpoint", sandbox.endpoint().toString());
        p.put("thaw.aws.region", "us-east-1");
        p.put("thaw.aws.sandbox-credentials", "true");
        p.put("thaw.store.url", "jdbc:h2:file:" + work.resolve(name + "-db") + ";AUTO_SERVER=TRUE");
        p.put("thaw.staging", work.resolve(name + "-staging").toString());
        p.put("thaw.download.chunk-mib", "1");
        p.put("thaw.download.parallel", "4");
        p.put("thaw.download.backoff-ms", "5");
        p.put("thaw.download.max-attempts", "12");
        p.putAll(extra);
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return Files.writeString(work.resolve(name + ".properties"), sb.toString());
    }

    /** Runs thaw in this JVM, capturing what it prints. */
    static synchronized Run thaw(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int rc = io.thaw.Thaw.execute(args);
            return new Run(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Override
    public void close() throws IOException {
        glacier.close();
        sandbox.close();
        deleteTree(work);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
