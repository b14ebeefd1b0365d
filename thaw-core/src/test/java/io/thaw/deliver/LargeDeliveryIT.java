package io.thaw.deliver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 1 GiB archive delivered to S3 (s3proxy) and to SFTP (MINA SSHD) by a child JVM limited to
 * -Xmx128m: proves delivery streams instead of holding the archive in memory.
 */
class LargeDeliveryIT {

    static final long SIZE = 1L << 30;

    @TempDir
    static Path tmp;
    static Path big;
    static String sha;

    @BeforeAll
    static void generate() throws IOException {
        big = tmp.resolve("one-gib.bin");
        sha = TestFiles.generate(big, SIZE, 1234);
    }

    @AfterAll
    static void deleteBigFile() throws IOException {
        Files.deleteIfExists(big);
    }

    @Test
    void oneGibToS3WithA128MiBHeap() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("s3data"));
        try (S3TestServer server = new S3TestServer(data); S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket("big-bucket"));

            String out = runChild(List.of(
                    "-Dthaw.aws.endpoint=" + server.endpoint(), "-Dthaw.aws.region=us-east-1",
                    "-Daws.accessKeyId=" + S3TestServer.KEY, "-Daws.secretAccessKey=" + S3TestServer.SECRET,
                    "-Dthaw.destinations.big=s3://big-bucket/large/"), Map.of(), "one-gib.bin");

            assertTrue(out.contains("delivered " + SIZE + " bytes to s3://big-bucket/large/one-gib.bin"), out);
            try (InputStream in = s3.getObject(b -> b.bucket("big-bucket").key("large/one-gib.bin"))) {
                assertEquals(sha, TestFiles.sha256(in));
            }
            assertTrue(s3.listMultipartUploads(b -> b.bucket("big-bucket")).uploads().isEmpty());
            s3.deleteObject(b -> b.bucket("big-bucket").key("large/one-gib.bin"));
        }
    }

    @Test
    void oneGibToSftpWithA128MiBHeap() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("sftp-root"));
        try (SftpTestServer server = new SftpTestServer(root, tmp.resolve("hostkey.ser"))) {
            Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine() + "\n");

            String out = runChild(List.of(
                    "-Dthaw.destinations.big=sftp://127.0.0.1:" + server.port() + "/large",
                    "-Dthaw.destinations.big.username=" + SftpTestServer.USER,
                    "-Dthaw.destinations.big.known-hosts-file=" + knownHosts),
                    Map.of("THAW_DESTINATIONS_BIG_PASSWORD", SftpTestServer.PASSWORD), "one-gib.bin");

            assertTrue(out.contains("delivered " + SIZE + " bytes to sftp://"), out);
            Path landed = root.resolve("large/one-gib.bin");
            assertEquals(sha, TestFiles.sha256(landed));
            Files.delete(landed);
        }
    }

    private static String runChild(List<String> props, Map<String, String> env, String relativeName) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(LargeDeliveryMain.class.getName());
        cmd.add("big");
        cmd.add(big.toString());
        cmd.add(relativeName);
        Path log = Files.createTempFile(tmp, "child", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(150, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(done, "child JVM did not finish in 150 s:\n" + out);
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
        System.out.println(out.lines().filter(l -> l.startsWith("delivered")).findFirst().orElse(out));
        return out;
    }
}
