package io.thaw.deliver;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Delivers to an FTP or FTPS server: binary, passive, written under a temporary name and renamed when
 * complete ({@link RemoteUpload}). FTPS uses explicit TLS (AUTH TLS) unless implicit TLS is configured,
 * protects the data channel too, checks the certificate against the trust store and the host name, and
 * resumes the control connection's TLS session on data connections, which vsftpd, ProFTPD and FileZilla
 * Server require by default.
 */
public final class FtpDestination implements Destination {

    private final RemoteUpload upload;

    /**
     * @param target   {@code ftp://host[:port]/dir} or {@code ftps://host[:port]/dir}, without credentials;
     *                 dir is under the login folder ({@code //dir} for an absolute one)
     * @param settings prefix of this destination's settings, for hints ({@code thaw.destinations.x.})
     */
    /** A destination given as a URI: its settings are {@code thaw.credentials.<host>.*}. */
    FtpDestination(URI target, RemoteSettings login) {
        this(target, login, "thaw.credentials." + target.getHost() + ".");
    }

    public FtpDestination(URI target, RemoteSettings login, String settings) {
        boolean tls = "ftps".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : tls && login.implicitTls() ? 990 : 21;
        String shown = RemoteTargets.shown(tls ? "ftps" : "ftp", target, port);
        TrustManager[] trust = tls ? trust(login.trustStore(), login.trustStorePassword(), shown) : null;
        String host = target.getHost();
        // A TLS context (and so a client session cache) per login: deliveries run side by side, and a data
        // connection must resume its own control connection's session, not one another delivery left in a
        // shared cache (vsftpd keeps TLS 1.2 sessions per login process and refuses any other with 522).
        this.upload = new RemoteUpload(() -> FtpFiles.open(host, port, login, tls ? context(trust) : null),
                RemoteTargets.root(target), shown, settings);
    }

    private static SSLContext context(TrustManager[] trust) throws IOException {
        try {
            return ResumingFtpsClient.sslContext(trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up: " + e.getMessage(), e);
        }
    }

    /** Trusts the configured store, or the JDK's default CAs when none is configured. */
    private static TrustManager[] trust(Path trustStore, String password, String shown) {
        try {
            KeyStore ks = null;
            if (trustStore != null) {
                ks = KeyStore.getInstance(trustStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(trustStore)) {
                    ks.load(in, password == null ? null : password.toCharArray());
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up delivery to " + shown + ": trust store " + trustStore
                    + " unreadable (" + e.getMessage() + ") — check its path, type (PKCS12 or .jks) and password", e);
        }
    }

    @Override
    public Delivered deliver(Path verifiedFile, Delivery delivery) throws IOException {
        return upload.send(verifiedFile, delivery);
    }

    @Override
    public java.io.InputStream openDelivered(String location) throws IOException {
        return upload.open(location);
    }
}
