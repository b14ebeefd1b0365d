package io.thaw.deliver;

import io.thaw.deliver.debian.Certificate;
import io.thaw.deliver.debian.LocalUser;
import io.thaw.deliver.debian.Vsftpd;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's vsftpd with its default {@code require_ssl_reuse=YES}: every data connection of
 * {@link ResumingFtpsClient} resumes the control connection's TLS session (TLS 1.2 and 1.3, explicit and
 * implicit), several transfers in one login; commons-net's own FTPSClient is refused with 522.
 */
class ResumingFtpsClientTest {

    static Path tmp;
    static Certificate cert;
    static Vsftpd explicit;
    static Vsftpd implicit;

    @BeforeAll
    static void start() throws Exception {
        tmp = LocalUser.workDir("resuming-ftps");
        cert = new Certificate(Files.createDirectories(tmp.resolve("tls")));
        explicit = new Vsftpd(Files.createDirectories(tmp.resolve("explicit")), tmp.resolve("explicit-root"),
                Vsftpd.Mode.EXPLICIT_TLS, cert);
        implicit = new Vsftpd(Files.createDirectories(tmp.resolve("implicit")), tmp.resolve("implicit-root"),
                Vsftpd.Mode.IMPLICIT_TLS, cert);
    }

    @AfterAll
    static void stop() {
        explicit.close();
        implicit.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"explicit,TLSv1.2", "explicit,TLSv1.3", "implicit,TLSv1.2", "implicit,TLSv1.3"})
    void everyDataConnectionResumesTheControlSession(String mode, String protocol) throws Exception {
        boolean isImplicit = mode.equals("implicit");
        Vsftpd server = isImplicit ? implicit : explicit;
        SSLContext context = context();
        int logFrom = server.log().length();
        Path root = tmp.resolve(mode + "-root");
        for (int login = 0; login < 3; login++) { // one context, as a destination has; several logins
            ResumingFtpsClient c = new ResumingFtpsClient(isImplicit, context);
            c.setEnabledProtocols(new String[]{protocol});
            c.setEndpointCheckingEnabled(true);
            try {
                login(c, server);
                for (int i = 0; i < 2; i++) { // thaw uploads once per login; twice shows the TLS 1.3 ticket renewed
                    byte[] bytes = new byte[150_000 + i];
                    new Random(login * 10 + i).nextBytes(bytes);
                    String name = protocol + "-" + login + "-" + i + ".bin";
                    OutputStream out = c.storeFileStream(name);
                    assertNotNull(out, "STOR " + name + ": " + c.getReplyString() + "\n" + server.log());
                    out.write(bytes);
                    out.flush();
                    c.finishData();
                    out.close();
                    assertTrue(c.completePendingCommand(), "STOR " + name + ": " + c.getReplyString() + "\n" + server.log());
                    assertArrayEquals(bytes, Files.readAllBytes(root.resolve(name)), name);
                }
            } finally {
                c.disconnect();
            }
        }
        String log = server.log().substring(logFrom);
        assertFalse(log.contains("No SSL session reuse"), log);
        assertTrue(log.contains("SSL version: " + protocol + ", SSL cipher"), "spoke " + protocol + ": " + log);
        assertTrue(log.contains(", reused, "), "vsftpd saw the session resumed: " + log);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.2", "TLSv1.3"})
    void commonsNetsOwnClientIsRefusedForNotReusingTheSession(String protocol) throws Exception {
        FTPSClient c = new FTPSClient(false, context());
        c.setEnabledProtocols(new String[]{protocol});
        try {
            login(c, explicit);
            boolean stored;
            try {
                stored = c.storeFile("plain-client.bin", new ByteArrayInputStream(new byte[1000]));
            } catch (java.io.IOException e) {
                stored = false; // vsftpd drops the TLS connection it refused
            }
            assertFalse(stored, "vsftpd must refuse a data connection that does not resume the session");
            assertTrue(explicit.log().contains("No SSL session reuse on data channel"), explicit.log());
        } finally {
            c.disconnect();
        }
    }

    private static void login(FTPSClient c, Vsftpd server) throws Exception {
        try {
            c.connect("127.0.0.1", server.port());
            c.execPBSZ(0);
            c.execPROT("P");
            assertTrue(c.login(LocalUser.NAME, LocalUser.PASSWORD), c.getReplyString());
        } catch (java.io.IOException e) {
            throw new AssertionError("login: " + e + "\nvsftpd log:\n" + server.log(), e);
        }
        c.setFileType(FTP.BINARY_FILE_TYPE);
        c.enterLocalPassiveMode();
    }

    static SSLContext context() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(cert.trustStore.toFile())) {
            ks.load(in, Certificate.TRUST_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return ResumingFtpsClient.sslContext(tmf.getTrustManagers());
    }
}
