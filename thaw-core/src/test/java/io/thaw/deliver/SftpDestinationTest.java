package io.thaw.deliver;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thaw.glacier.TreeHash;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SFTP against Apache MINA SSHD through Camel's sftp producer, host keys checked. */
class SftpDestinationTest {

    @TempDir
    static Path tmp;
    static CamelContext camel;
    static SftpTestServer sftp;
    static Path root;
    static Path knownHosts;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("sftp-root"));
        sftp = new SftpTestServer(root, tmp.resolve("hostkey.ser"));
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, sftp.knownHostsLine() + "\n");
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws IOException {
        camel.stop();
        sftp.close();
    }

    @AfterEach
    void heal() {
        sftp.failAfter.off();
    }

    private static Destination dest(String dir, Path knownHostsFile) {
        URI target = URI.create("sftp://127.0.0.1:" + sftp.port() + "/" + dir);
        return new SftpDestination(target, new RemoteSettings(SftpTestServer.USER, SftpTestServer.PASSWORD,
                null, null, knownHostsFile, true, false, null, null));
    }

    private static Delivery delivery(String name, Path file) throws IOException {
        return new Delivery(name, Files.size(file), TreeHash.of(file), null, "v", "arch", "job");
    }

    @Test
    void deliversBytesUnderNestedUnicodeNameToAKnownHost() throws Exception {
        Path file = tmp.resolve("a.bin");
        String sha = TestFiles.generate(file, 3 * TreeHash.LEAF + 99, 31);
        Delivered d = dest("inbox", knownHosts).deliver(file, delivery("été/2019/naïve ☃.bin", file));

        Path landed = root.resolve("inbox/été/2019/naïve ☃.bin");
        assertEquals(sha, TestFiles.sha256(landed));
        assertEquals("sftp://127.0.0.1:" + sftp.port() + "/inbox/été/2019/naïve ☃.bin", d.location());
        assertEquals(List.of(landed), files(root.resolve("inbox")), "no temp file left");
    }

    @Test
    void logsInWithAPrivateKeyInsteadOfAPassword() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair key = gen.generateKeyPair();
        Path keyFile = tmp.resolve("id_rsa");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        sftp.authorizedKey = key.getPublic();
        Path file = tmp.resolve("k.bin");
        String sha = TestFiles.generate(file, 70_000, 34);
        try {
            new SftpDestination(URI.create("sftp://127.0.0.1:" + sftp.port() + "/keyed"),
                    new RemoteSettings(SftpTestServer.USER, null, keyFile, null, knownHosts, true, false, null, null))
                    .deliver(file, delivery("k.bin", file));
        } finally {
            sftp.authorizedKey = null;
        }
        assertEquals(sha, TestFiles.sha256(root.resolve("keyed/k.bin")));
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotKnown() throws Exception {
        Path otherKnownHosts = tmp.resolve("other_known_hosts");
        try (SftpTestServer impostor = new SftpTestServer(Files.createDirectories(tmp.resolve("impostor")), tmp.resolve("other.ser"))) {
            Files.writeString(otherKnownHosts, impostor.knownHostsLine().replace(":" + impostor.port(), ":" + sftp.port()) + "\n");
        }
        Path file = tmp.resolve("secret.bin");
        TestFiles.generate(file, 1000, 32);

        IOException wrongKey = assertThrows(IOException.class, () -> dest("refused", otherKnownHosts).deliver(file, delivery("s.bin", file)));
        Path empty = Files.writeString(tmp.resolve("empty_known_hosts"), "");
        IOException unknown = assertThrows(IOException.class, () -> dest("refused", empty).deliver(file, delivery("s.bin", file)));

        assertTrue(wrongKey.getMessage().toLowerCase().contains("hostkey") || wrongKey.getMessage().toLowerCase().contains("host key"),
                wrongKey.getMessage());
        assertTrue(unknown.getMessage().toLowerCase().contains("hostkey") || unknown.getMessage().toLowerCase().contains("host key"),
                unknown.getMessage());
        assertFalse(Files.exists(root.resolve("refused")), "nothing sent to a server that is not known");
    }

    @Test
    void serverFailingMidTransferLeavesNothingUnderTheFinalName() throws Exception {
        Path file = tmp.resolve("big.bin");
        TestFiles.generate(file, 4 * TreeHash.LEAF, 33);
        sftp.failAfter.set(TreeHash.LEAF);

        IOException e = assertThrows(IOException.class, () -> dest("broken", knownHosts).deliver(file, delivery("d/big.bin", file)));

        assertTrue(e.getMessage().contains("sftp://127.0.0.1:" + sftp.port() + "/broken"), e.getMessage());
        assertFalse(e.getMessage().contains(SftpTestServer.PASSWORD), e.getMessage());
        assertFalse(Files.exists(root.resolve("broken/d/big.bin")));
        assertFalse(Files.exists(root.resolve("broken")), "the part file and the folders the upload made are gone");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
