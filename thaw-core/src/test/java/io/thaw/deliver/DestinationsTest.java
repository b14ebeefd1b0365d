package io.thaw.deliver;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thaw.ThawConfig;
import io.thaw.glacier.TreeHash;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Destinations from URIs and configured names, with settings from config and the environment. */
class DestinationsTest {

    @TempDir
    static Path tmp;
    static CamelContext camel;
    static SftpTestServer sftp;
    static S3TestServer s3server;
    static Path sftpRoot;
    static Path knownHosts;

    @BeforeAll
    static void start() throws Exception {
        sftpRoot = Files.createDirectories(tmp.resolve("sftp-root"));
        sftp = new SftpTestServer(sftpRoot, tmp.resolve("hostkey.ser"));
        knownHosts = Files.writeString(tmp.resolve("known_hosts"), sftp.knownHostsLine() + "\n");
        s3server = new S3TestServer(Files.createDirectories(tmp.resolve("s3")));
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.stop();
        sftp.close();
        s3server.close();
    }

    private static ThawConfig config(String... keyValues) {
        ThawConfig c = ThawConfig.load(null);
        for (int i = 0; i < keyValues.length; i += 2) {
            c = c.with(keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    private static Path file(String name, long size, long seed) throws Exception {
        Path f = tmp.resolve(name);
        TestFiles.generate(f, size, seed);
        return f;
    }

    private static Delivery delivery(String name, Path f) throws Exception {
        return new Delivery(name, Files.size(f), TreeHash.of(f), null, "v", "arch", "job");
    }

    @Test
    void namedFolderAndDirectFileUri() throws Exception {
        Path out = tmp.resolve("out");
        try (Destinations d = new Destinations(config("thaw.destinations.local", "file:" + out), camel)) {
            Destination named = d.resolve("local");
            assertSame(named, d.resolve("local"), "resolved once, reused");
            assertEquals(out.toAbsolutePath(), ((FileDestination) named).root());
            assertEquals(tmp.resolve("x").toAbsolutePath(), ((FileDestination) d.resolve("file://" + tmp.resolve("x").toUri().getPath())).root());
            Path f = file("n.bin", 100, 41);
            String sha = TestFiles.sha256(f);
            named.deliver(f, delivery("n.bin", f));
            assertEquals(sha, TestFiles.sha256(out.resolve("n.bin")));
            // same file system: moved into place, never written twice (issue 14)
            assertFalse(Files.exists(f), "a folder destination moves the verified file");
            assertEquals(out.toAbsolutePath().resolve(".thaw-staging"), d.stagingFolder("local"));
        }
    }

    @Test
    void namedSftpTakesThePasswordFromTheEnvironment() throws Exception {
        ThawConfig c = config("thaw.destinations.backup", "sftp://127.0.0.1:" + sftp.port() + "/backup",
                "thaw.destinations.backup.username", SftpTestServer.USER,
                "thaw.destinations.backup.known-hosts-file", knownHosts.toString());
        Map<String, String> env = Map.of("THAW_DESTINATIONS_BACKUP_PASSWORD", SftpTestServer.PASSWORD);
        try (Destinations d = new Destinations(c, camel, env, pathStyle -> s3server.client())) {
            Path f = file("b.bin", 2 * TreeHash.LEAF + 5, 42);
            Delivered delivered = d.resolve("backup").deliver(f, delivery("y/b.bin", f));
            assertEquals(TestFiles.sha256(f), TestFiles.sha256(sftpRoot.resolve("backup/y/b.bin")));
            assertFalse(delivered.location().contains(SftpTestServer.PASSWORD));
        }
    }

    @Test
    void directSftpUriTakesCredentialsByHost() throws Exception {
        ThawConfig c = config("thaw.credentials.127.0.0.1.username", SftpTestServer.USER,
                "thaw.credentials.127.0.0.1.password", SftpTestServer.PASSWORD,
                "thaw.credentials.127.0.0.1.known-hosts-file", knownHosts.toString());
        try (Destinations d = new Destinations(c, camel)) {
            Path f = file("h.bin", 1000, 43);
            d.resolve("sftp://127.0.0.1:" + sftp.port() + "/by-host").deliver(f, delivery("h.bin", f));
            assertEquals(TestFiles.sha256(f), TestFiles.sha256(sftpRoot.resolve("by-host/h.bin")));
        }
    }

    @Test
    void namedS3WithStorageClassAndPathStyle() throws Exception {
        ThawConfig c = config("thaw.destinations.cold", "s3://cold-bucket/restored",
                "thaw.destinations.cold.storage-class", "deep_archive",
                "thaw.destinations.cold.path-style", "true");
        List<Boolean> asked = new ArrayList<>();
        try (S3Client admin = s3server.client();
             Destinations d = new Destinations(c, camel, Map.of(), options -> {
                 asked.add(options.pathStyle());
                 return s3server.client();
             })) {
            admin.createBucket(b -> b.bucket("cold-bucket"));
            assertTrue(d.isS3("cold"));
            Path f = file("s.bin", 5000, 44);
            Delivered delivered = d.resolve("cold").deliver(f, delivery("a/s.bin", f));
            assertEquals("s3://cold-bucket/restored/a/s.bin", delivered.location());
            assertEquals(List.of(true), asked);
            try (InputStream in = admin.getObject(b -> b.bucket("cold-bucket").key("restored/a/s.bin"))) {
                assertEquals(TestFiles.sha256(f), TestFiles.sha256(in));
            }
        }
    }

    @Test
    void clearErrorsForBadDestinations() {
        try (Destinations d = new Destinations(config("thaw.destinations.bad", "s3://b/p",
                "thaw.destinations.bad.storage-class", "FROZEN"), camel)) {
            assertMessage(d, "nosuch", "destination 'nosuch' is not configured — add thaw.destinations.nosuch=URI");
            assertMessage(d, "sftp://bob:hunter2@example.com/dir", "carries a password in its URI");
            assertFalse(assertThrows(IllegalArgumentException.class, () -> d.resolve("sftp://bob:hunter2@example.com/dir"))
                    .getMessage().contains("hunter2"));
            assertMessage(d, "http://example.com/x", "unsupported destination 'http://example.com/x' — use file:");
            assertMessage(d, "bad", "unknown S3 storage class 'FROZEN' — use one of STANDARD");
            assertMessage(d, "file:", "names no folder");
            assertMessage(d, "sftp://nobody.example/dir",
                    "no user name for sftp://nobody.example/dir — set thaw.credentials.nobody.example.username");
            assertThrows(IllegalArgumentException.class, () -> d.checkDeliverable("bad", (5L << 40) + 1));
            d.checkDeliverable("file:/x", (5L << 40) + 1);
        }
    }

    @Test
    void s3SizeGuardRefusesOnlyS3OutputOverTheLimit() {
        try (Destinations d = new Destinations(config("thaw.destinations.cold", "s3://cold-bucket/p/"), camel)) {
            long limit = 5L << 40;
            assertEquals(limit, d.maxS3ObjectBytes());
            assertEquals(null, d.refusal("cold", limit));
            assertEquals(null, d.refusal("s3://other/x", limit));
            String refused = d.refusal("cold", limit + 1);
            assertTrue(refused.contains(Long.toString(limit + 1)) && refused.contains("larger than 5 TiB")
                    && refused.contains("s3://cold-bucket/p/") && refused.contains("folder, FTP or SFTP"), refused);
            assertTrue(d.refusal("S3://other/x", Long.MAX_VALUE).contains("larger than 5 TiB"));
            for (String other : new String[]{"file:/data", "sftp://h/d", "ftp://h/d", "ftps://h/d"}) {
                assertEquals(null, d.refusal(other, Long.MAX_VALUE), other);
            }
        }
        try (Destinations d = new Destinations(config("thaw.s3.max-object-bytes", "1_000_000"), camel)) {
            assertEquals(null, d.refusal("s3://b/p", 1_000_000));
            String refused = d.refusal("s3://b/p", 1_000_001);
            assertTrue(refused.contains("larger than 1000000 bytes") && refused.contains("thaw.s3.max-object-bytes"), refused);
            assertThrows(IllegalArgumentException.class, () -> d.checkDeliverable("s3://b/p", 1_000_001));
        }
        for (String bad : new String[]{"0", "-5", "5TB", "lots", "5497558138881"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Destinations(config("thaw.s3.max-object-bytes", bad), camel));
            assertTrue(e.getMessage().startsWith("thaw.s3.max-object-bytes=" + bad + " is not a positive number of bytes"),
                    e.getMessage());
        }
    }

    @Test
    void uriOfANamedDestinationUsesThatNamesSettingsAndS3OptionsChooseTheClient() throws Exception {
        // a request that named "box" is stored with box's URI: its settings must still apply
        String uri = "sftp://127.0.0.1:" + sftp.port() + "/named-by-uri";
        ThawConfig c = config("thaw.destinations.box", uri,
                "thaw.destinations.box.username", SftpTestServer.USER,
                "thaw.destinations.box.password", SftpTestServer.PASSWORD,
                "thaw.destinations.box.known-hosts-file", knownHosts.toString(),
                "thaw.destinations.minio", "s3://minio-bucket/",
                "thaw.destinations.minio.endpoint", s3server.endpoint(),
                "thaw.destinations.minio.region", "eu-west-1",
                "thaw.destinations.minio.profile", "restore");
        List<S3Clients.Options> asked = new ArrayList<>();
        try (Destinations d = new Destinations(c, camel, Map.of(), o -> {
            asked.add(o);
            return s3server.client();
        })) {
            Path f = file("u.bin", 3000, 45);
            d.resolve(uri).deliver(f, delivery("u.bin", f));
            assertEquals(TestFiles.sha256(f), TestFiles.sha256(sftpRoot.resolve("named-by-uri/u.bin")));
            d.resolve("s3://minio-bucket/");
            assertEquals(List.of(new S3Clients.Options(s3server.endpoint(), "eu-west-1", true, "restore")), asked);
        }
    }

    @Test
    void turningHostKeyCheckingOffIsLoggedAsAWarning() {
        Logger log = (Logger) LoggerFactory.getLogger(SftpDestination.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (Destinations d = new Destinations(config("thaw.destinations.lax", "sftp://127.0.0.1:" + sftp.port() + "/lax",
                "thaw.destinations.lax.username", "thaw", "thaw.destinations.lax.strict-host-key-checking", "false"), camel)) {
            d.resolve("lax");
        } finally {
            log.detachAppender(logged);
        }
        assertEquals(1, logged.list.size());
        assertEquals(Level.WARN, logged.list.get(0).getLevel());
        assertTrue(logged.list.get(0).getFormattedMessage().contains("host key checking is OFF"));
    }

    private static void assertMessage(Destinations d, String input, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.resolve(input));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
