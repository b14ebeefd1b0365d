package io.thaw.deliver;

import io.thaw.glacier.TreeHash;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FTP and FTPS (explicit and implicit TLS) against Apache FtpServer through Camel's producers. */
class FtpDestinationIT {

    @TempDir
    static Path tmp;
    static CamelContext camel;
    static TestKeyStores keys;
    static FtpTestServer ftp;
    static FtpTestServer ftpsExplicit;
    static FtpTestServer ftpsImplicit;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeyStores(Files.createDirectories(tmp.resolve("keys")));
        ftp = new FtpTestServer(Files.createDirectories(tmp.resolve("ftp-home")), null, false);
        ftpsExplicit = new FtpTestServer(Files.createDirectories(tmp.resolve("ftps-home")), keys.keyStore, false);
        ftpsImplicit = new FtpTestServer(Files.createDirectories(tmp.resolve("ftpsi-home")), keys.keyStore, true);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        ftp.close();
        ftpsExplicit.close();
        ftpsImplicit.close();
    }

    @AfterEach
    void healServers() {
        ftp.failAfter.off();
    }

    private static RemoteSettings login(boolean implicit, Path trustStore) {
        return new RemoteSettings(FtpTestServer.USER, FtpTestServer.PASSWORD, null, null, null, true, implicit, trustStore,
                TestKeyStores.PASSWORD);
    }

    private static Delivery delivery(String name, Path file) throws IOException {
        return new Delivery(name, Files.size(file), TreeHash.of(file), null, "v", "arch", "job");
    }

    @Test
    void plainFtpDeliversBytesUnderNestedUnicodeName() throws Exception {
        Path file = tmp.resolve("a.bin");
        String sha = TestFiles.generate(file, 5 * TreeHash.LEAF + 7, 21);
        URI target = URI.create("ftp://127.0.0.1:" + ftp.port() + "/inbox");
        Destination dest = new FtpDestination(target, login(false, null));

        Delivered d = dest.deliver(file, delivery("été/2019/naïve ☃.bin", file));

        Path landed = tmp.resolve("ftp-home/inbox/été/2019/naïve ☃.bin");
        assertEquals(sha, TestFiles.sha256(landed), "binary mode: bytes unchanged");
        assertEquals("ftp://127.0.0.1:" + ftp.port() + "/inbox/été/2019/naïve ☃.bin", d.location());
        assertEquals(List.of(landed), files(tmp.resolve("ftp-home/inbox")), "no temp file left");
    }

    @Test
    void ftpsWithExplicitAndImplicitTlsTrustingTheConfiguredStore() throws Exception {
        Path file = tmp.resolve("tls.bin");
        String sha = TestFiles.generate(file, 300_000, 22);

        new FtpDestination(URI.create("ftps://127.0.0.1:" + ftpsExplicit.port() + "/in"), login(false, keys.trustStore))
                .deliver(file, delivery("x/tls.bin", file));
        new FtpDestination(URI.create("ftps://127.0.0.1:" + ftpsImplicit.port() + "/in"), login(true, keys.trustStore))
                .deliver(file, delivery("x/tls.bin", file));

        assertEquals(sha, TestFiles.sha256(tmp.resolve("ftps-home/in/x/tls.bin")));
        assertEquals(sha, TestFiles.sha256(tmp.resolve("ftpsi-home/in/x/tls.bin")));
    }

    @Test
    void ftpsRefusesAServerCertificateItDoesNotTrust() throws Exception {
        Path file = tmp.resolve("untrusted.bin");
        TestFiles.generate(file, 1000, 23);
        Destination dest = new FtpDestination(URI.create("ftps://127.0.0.1:" + ftpsExplicit.port() + "/untrusted"),
                login(false, null));   // JDK default trust: the self-signed certificate is unknown

        IOException e = assertThrows(IOException.class, () -> dest.deliver(file, delivery("u.bin", file)));

        assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
        assertFalse(e.getMessage().contains(FtpTestServer.PASSWORD), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("ftps-home/untrusted/u.bin")));
    }

    @Test
    void ftpsRefusesATrustedCertificateIssuedForAnotherHost() throws Exception {
        TestKeyStores otherName = new TestKeyStores(Files.createDirectories(tmp.resolve("other-keys")), "other.example",
                "dns:other.example");
        Path file = tmp.resolve("wrong-host.bin");
        TestFiles.generate(file, 1000, 26);
        try (FtpTestServer server = new FtpTestServer(Files.createDirectories(tmp.resolve("other-home")), otherName.keyStore, false)) {
            Destination dest = new FtpDestination(URI.create("ftps://127.0.0.1:" + server.port() + "/in"),
                    login(false, otherName.trustStore));

            IOException e = assertThrows(IOException.class, () -> dest.deliver(file, delivery("w.bin", file)));

            assertTrue(e.getMessage().contains("No subject alternative names matching IP address 127.0.0.1"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("other-home/in/w.bin")));
        }
    }

    @Test
    void serverFailingMidTransferLeavesNothingUnderTheFinalName() throws Exception {
        Path file = tmp.resolve("big.bin");
        TestFiles.generate(file, 4 * TreeHash.LEAF, 24);
        ftp.failAfter.set(TreeHash.LEAF);
        Destination dest = new FtpDestination(URI.create("ftp://127.0.0.1:" + ftp.port() + "/broken"), login(false, null));

        IOException e = assertThrows(IOException.class, () -> dest.deliver(file, delivery("d/big.bin", file)));

        assertTrue(e.getMessage().contains("ftp://127.0.0.1:" + ftp.port() + "/broken"), e.getMessage());
        assertFalse(e.getMessage().contains(FtpTestServer.PASSWORD), "password never shown: " + e.getMessage());
        assertFalse(Files.exists(tmp.resolve("ftp-home/broken/d/big.bin")));
        assertFalse(Files.exists(tmp.resolve("ftp-home/broken")), "the part file and the folders the upload made are gone");
    }

    @Test
    void existingFileIsReplacedOnlyOnceTheNewOneIsComplete() throws Exception {
        Path home = tmp.resolve("ftp-home/replace");
        Files.createDirectories(home);
        Files.writeString(home.resolve("r.bin"), "old content");
        Path file = tmp.resolve("r.bin");
        TestFiles.generate(file, 2 * TreeHash.LEAF, 25);
        Destination dest = new FtpDestination(URI.create("ftp://127.0.0.1:" + ftp.port() + "/replace"), login(false, null));

        ftp.failAfter.set(1000);
        assertThrows(IOException.class, () -> dest.deliver(file, delivery("r.bin", file)));
        assertEquals("old content", Files.readString(home.resolve("r.bin")), "a failed upload keeps the old file");

        ftp.failAfter.off();
        dest.deliver(file, delivery("r.bin", file));
        assertEquals(TestFiles.sha256(file), TestFiles.sha256(home.resolve("r.bin")));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
