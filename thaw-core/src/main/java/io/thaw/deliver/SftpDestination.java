package io.thaw.deliver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Delivers to an SFTP server, under a temporary name then renamed ({@link RemoteUpload}). The server's
 * host key must be in the known-hosts file unless strict checking is turned off, which is logged as a
 * warning because it lets anyone in the network path receive the archive.
 */
public final class SftpDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDestination.class);

    private final RemoteUpload upload;

    /**
     * @param target   {@code sftp://host[:port]/dir}, without credentials; dir is under the login folder
     * @param settings prefix of this destination's settings, for hints ({@code thaw.destinations.x.})
     */
    /** A destination given as a URI: its settings are {@code thaw.credentials.<host>.*}. */
    SftpDestination(URI target, RemoteSettings login) {
        this(target, login, "thaw.credentials." + target.getHost() + ".");
    }

    public SftpDestination(URI target, RemoteSettings login, String settings) {
        int port = target.getPort() > 0 ? target.getPort() : 22;
        String shown = RemoteTargets.shown("sftp", target, port);
        if (!login.strictHostKeyChecking()) {
            LOG.warn("SFTP host key checking is OFF for {}: any server answering at that address will receive "
                    + "the archives — add its key to a known_hosts file and set strict-host-key-checking=true", shown);
        }
        String host = target.getHost();
        this.upload = new RemoteUpload(() -> SftpFiles.open(host, port, login), RemoteTargets.root(target), shown,
                settings);
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
