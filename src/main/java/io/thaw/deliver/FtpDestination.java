package io.thaw.deliver;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Delivers to an FTP or FTPS server through Camel's ftp/ftps producer: binary, passive, written under
 * a temporary name and renamed when complete. FTPS uses explicit TLS (AUTH TLS) unless implicit TLS is
 * configured, and protects the data channel too (camel-ftp's PBSZ 0 / PROT P default).
 */
public final class FtpDestination implements Destination {

    private final CamelUpload upload;

    /**
     * @param target {@code ftp://host[:port]/dir} or {@code ftps://host[:port]/dir}, without credentials
     */
    public FtpDestination(CamelContext camel, URI target, RemoteSettings settings) {
        boolean tls = "ftps".equalsIgnoreCase(target.getScheme());
        int defaultPort = tls && settings.implicitTls() ? 990 : 21;
        String base = CamelUris.base(tls ? "ftps" : "ftp", target, defaultPort);
        Map<String, String> o = CamelUris.uploadOptions();
        o.put("username", settings.username()); // none: camel-ftp logs in anonymously
        o.put("password", settings.password());
        o.put("binary", "true");
        o.put("passiveMode", "true");
        // non-ASCII names: commons-net speaks ISO-8859-1 on the control channel unless told otherwise
        o.put("ftpClient.controlEncoding", "UTF-8");
        if (tls) {
            o.put("implicit", Boolean.toString(settings.implicitTls()));
            // Always hand Camel an SSL context: without one, commons-net's FTPSClient accepts ANY server
            // certificate (its default trust manager only checks validity dates).
            String bean = "thaw-ftps-" + Integer.toHexString(System.identityHashCode(this));
            camel.getRegistry().bind(bean, sslContext(settings.trustStore(), settings.trustStorePassword()));
            o.put("sslContextParameters", "#" + bean);
            // and check that the certificate names the host we connect to
            o.put("ftpClient.endpointCheckingEnabled", "true");
        }
        this.upload = new CamelUpload(camel, CamelUris.withOptions(base, o), settings.password(), base);
    }

    /** Trusts the configured store, or the JDK's default CAs when none is configured. */
    private static SSLContextParameters sslContext(Path trustStore, String password) {
        SSLContextParameters p = new SSLContextParameters();
        if (trustStore == null) {
            return p;
        }
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + trustStore.toAbsolutePath());
        ks.setPassword(password);
        ks.setType(trustStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        p.setTrustManagers(tm);
        return p;
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
