package io.thaw.deliver.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's OpenSSH sshd on a free loopback port, in the foreground ({@code -D -e}) with its own
 * sshd_config and host key: {@link LocalUser} logs in by key or password and is chrooted in
 * {@code chroot} with {@code internal-sftp}. The chroot must be root's and closed to others, as sshd
 * demands; the folders the user writes to are made inside it by {@link #writable(String)}.
 */
public final class OpenSshd implements AutoCloseable {

    private final int port;
    private final Path chroot;
    private final Path hostKey;
    public final Path clientKey;
    private final ServerProcess process;

    public OpenSshd(Path dir, Path chroot) throws IOException {
        String sshd = Commands.program("/usr/sbin/sshd", "openssh-server");
        String keygen = Commands.program("/usr/bin/ssh-keygen", "openssh-client");
        LocalUser.ensure();
        this.chroot = Files.createDirectories(chroot);
        requireRootOwnedPath(this.chroot);
        Files.createDirectories(Path.of("/run/sshd")); // its privilege separation folder
        port = ServerProcess.freePort();
        hostKey = dir.resolve("ssh_host_ed25519_key");
        Commands.run(keygen, "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        clientKey = dir.resolve("client_key");
        Commands.run(keygen, "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-f", clientKey.toString());
        Path authorized = Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        String config = "Port " + port + "\nListenAddress 127.0.0.1\nHostKey " + hostKey + "\nPidFile none\n"
                + "UsePAM no\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                + "PermitRootLogin no\nStrictModes no\nAuthorizedKeysFile " + authorized + "\n"
                + "Subsystem sftp internal-sftp\nLogLevel VERBOSE\nAllowUsers " + LocalUser.NAME + "\n"
                + "Match User " + LocalUser.NAME + "\n  ChrootDirectory " + this.chroot + "\n  ForceCommand internal-sftp\n"
                + "  AllowTcpForwarding no\n  X11Forwarding no\n";
        Path conf = Files.writeString(dir.resolve("sshd_config"), config);
        Commands.run(sshd, "-t", "-f", conf.toString()); // a configuration error fails here with sshd's words
        process = new ServerProcess(List.of(sshd, "-D", "-e", "-f", conf.toString()), port, dir.resolve("sshd.log"));
    }

    /**
     * sshd refuses a chroot any of whose folders another user could write ("bad ownership or modes for
     * chroot directory component"), and the login then fails without a word to the client: said here.
     */
    private static void requireRootOwnedPath(Path chroot) throws IOException {
        for (Path p = chroot.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            boolean othersWrite = perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            if (othersWrite || !Files.getOwner(p).getName().equals("root")) {
                throw new IOException("sshd will refuse the chroot " + chroot + ": " + p + " is not root's or is"
                        + " writable by others (" + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                        + ") — run the tests from a checkout whose parent folders are root's and 755 (not under /tmp)");
            }
        }
    }

    public int port() {
        return port;
    }

    /** A folder inside the chroot that the user may write to; its path as the client sees it is {@code /name}. */
    public Path writable(String name) throws IOException {
        return LocalUser.owns(chroot.resolve(name));
    }

    /** The known_hosts line for this server: {@code [127.0.0.1]:port type base64}. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(hostKey.resolveSibling(hostKey.getFileName() + ".pub")).trim().split(" ");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    /** A known_hosts line that names this server with another key: what a client sees after a reinstall. */
    public String otherKeyLine(Path scratch) throws IOException {
        Path other = scratch.resolve("other_host_key");
        Commands.run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        String[] pub = Files.readString(scratch.resolve("other_host_key.pub")).trim().split(" ");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    public String log() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
