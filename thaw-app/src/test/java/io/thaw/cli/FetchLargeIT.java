package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB archive fetched by a child JVM whose heap is capped at 128 MiB: chunks stream from the
 * socket to the staging file, so memory does not grow with the archive; and over the JDK transport
 * (HttpGlacierReads), without building the SDK's Glacier client.
 */
class FetchLargeIT {

    static final long SIZE = 1L << 30;

    @Test
    void oneGibArchiveWithA128MiBHeap() throws Exception {
        try (FetchFixture fx = new FetchFixture("Expedited=1h,Standard=1h,Bulk=1h")) {
            FetchFixture.Archive archive = fx.upload("large", SIZE, 1024, "large/one-gib.bin");
            Files.delete(archive.original()); // only the sandbox's copy and the tree hash remain
            String job = fx.completedJob(archive, null);
            Path config = fx.config("large", Map.of("thaw.download.chunk-mib", "64", "thaw.download.parallel", "4"));
            Path dir = Files.createDirectories(fx.work.resolve("out"));
            Path log = fx.work.resolve("large.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

            Path classes = fx.work.resolve("classes.log");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-Xlog:class+load:file=" + classes,
                    "-cp", System.getProperty("java.class.path"),
                    "io.thaw.Thaw", "fetch", "--vault", "large", "--job-id=" + job, "--to", dir.toString(),
                    "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // a machine's proxy or endpoint variables, or its ~/.aws/config, would hand the reads to the SDK client
            pb.environment().keySet().removeAll(io.thaw.glacier.AwsClients.SDK_ONLY_ENV);
            pb.environment().put("AWS_CONFIG_FILE", fx.work.resolve("no-aws-config").toString());
            Process p = pb.start();
            try {
                assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fetch did not finish in 5 minutes");
            } finally {
                p.destroyForcibly();
            }

            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), out);
            Path landed = dir.resolve("large/one-gib.bin");
            assertEquals(SIZE, Files.size(landed));
            assertEquals(archive.treeHash(), TreeHash.of(landed));
            assertTrue(out.contains("verified " + SIZE + " bytes (tree hash " + archive.treeHash() + ")"), out);
            assertTrue(!out.contains("OutOfMemoryError"), out);
            // the JDK transport carried it: no SDK Glacier client was built (its build was most of the start-up)
            String loaded = Files.readString(classes);
            assertTrue(loaded.contains("io.thaw.glacier.HttpGlacierReads "), "HttpGlacierReads not loaded");
            assertTrue(!loaded.contains("software.amazon.awssdk.services.glacier.DefaultGlacierClient "),
                    "thaw fetch built the SDK's Glacier client");
        }
    }
}
