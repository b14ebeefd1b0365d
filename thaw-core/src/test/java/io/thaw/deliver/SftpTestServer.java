package io.thaw.deliver;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * Apache MINA SSHD with the SFTP subsystem on a random loopback port, user thaw / s3cret, rooted in a
 * folder. Its file accessor can fail writes after N bytes, like a disk that fills up mid-transfer.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "thaw";
    public static final String PASSWORD = "s3cret";

    final FailAfter failAfter = new FailAfter();
    /** A client key the server accepts for USER, besides the password; none by default. */
    volatile PublicKey authorizedKey;
    private final SshServer sshd;

    public SftpTestServer(Path root, Path hostKeyFile) throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKeyFile));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && key.equals(authorizedKey));
        SftpFileSystemAccessor accessor = new SftpFileSystemAccessor() {
            @Override
            public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle handle, Path file, String id,
                                                Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                    throws IOException {
                SeekableByteChannel ch = SftpFileSystemAccessor.super.openFile(subsystem, handle, file, id, options, attrs);
                return failAfter.on() && options.contains(StandardOpenOption.WRITE) ? failAfter.wrap(ch) : ch;
            }
        };
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().withFileSystemAccessor(accessor).build()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
    }

    public int port() {
        return sshd.getPort();
    }

    /** The known_hosts line for this server: {@code [127.0.0.1]:port <type> <base64>}. */
    public String knownHostsLine() throws Exception {
        KeyPair key = sshd.getKeyPairProvider().loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic());
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
