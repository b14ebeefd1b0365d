package io.thaw.deliver;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Delivers to an SFTP server through Camel's sftp producer, under a temporary name then renamed.
 * The server's host key must be in the known-hosts file unless strict checking is turned off, which
 * is logged as a warning because it lets anyone in the network path receive the archive.
 */
public final class SftpDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDestination.class);

    private final CamelUpload upload;

    /** @param target {@code sftp://host[:port]/dir}, without credentials */
    public SftpDestination(CamelContext camel, URI target, RemoteSettings settings) {
        String base = CamelUris.base("sftp", target, 22);
        Map<String, String> o = CamelUris.uploadOptions();
        o.put("username", settings.username());
        o.put("password", settings.password());
        if (settings.privateKeyFile() != null) {
            o.put("privateKeyFile", settings.privateKeyFile().toAbsolutePath().toString());
            o.put("privateKeyPassphrase", settings.privateKeyPassphrase());
        }
        o.put("strictHostKeyChecking", settings.strictHostKeyChecking() ? "yes" : "no");
        if (settings.knownHostsFile() != null) {
            o.put("knownHostsFile", settings.knownHostsFile().toAbsolutePath().toString());
            o.put("useUserKnownHostsFile", "false");
        }
        if (!settings.strictHostKeyChecking()) {
            LOG.warn("SFTP host key checking is OFF for {}: any server answering at that address will receive "
                    + "the archives — add its key to a known_hosts file and set strict-host-key-checking=true", base);
        }
        this.upload = new CamelUpload(camel, CamelUris.withOptions(base, o), secret(settings), base);
    }

    /** What must never appear in messages: the password, else the key passphrase. */
    private static String secret(RemoteSettings s) {
        return s.password() != null ? s.password() : s.privateKeyPassphrase();
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
