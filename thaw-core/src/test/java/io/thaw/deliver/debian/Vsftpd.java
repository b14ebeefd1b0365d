package io.thaw.deliver.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's vsftpd on a free loopback port, in the foreground, with its own configuration file: local
 * user {@link LocalUser} chrooted in {@code root}, passive ports of its own. With a certificate it
 * speaks FTPS (explicit AUTH TLS, or implicit) and, as vsftpd does by default, requires the data
 * connections to reuse the control connection's TLS session ({@code require_ssl_reuse=YES}).
 */
public final class Vsftpd implements AutoCloseable {

    public enum Mode { FTP, EXPLICIT_TLS, IMPLICIT_TLS }

    private final int port;
    private final ServerProcess process;
    private final Path logFile;

    public Vsftpd(Path dir, Path root, Mode mode, Certificate cert) throws IOException {
        this(dir, root, mode, cert, "");
    }

    /** @param extraConfig more vsftpd.conf lines (each ending in a newline), e.g. {@code require_ssl_reuse=NO\n} */
    public Vsftpd(Path dir, Path root, Mode mode, Certificate cert, String extraConfig) throws IOException {
        String vsftpd = Commands.program("/usr/sbin/vsftpd", "vsftpd");
        LocalUser.owns(root);
        Files.createDirectories(Path.of("/var/run/vsftpd/empty")); // its secure_chroot_dir
        port = ServerProcess.freePort();
        int pasv = ServerProcess.freePort();
        logFile = dir.resolve("vsftpd.log");
        StringBuilder c = new StringBuilder();
        c.append("listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=").append(port).append('\n')
                .append("background=NO\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nlocal_umask=022\n")
                .append("local_root=").append(root.toAbsolutePath()).append('\n')
                .append("chroot_local_user=YES\nallow_writeable_chroot=YES\n")
                .append("pasv_enable=YES\npasv_address=127.0.0.1\n")
                // a few ports from a free one: several test runs share this machine
                .append("pasv_min_port=").append(pasv).append("\npasv_max_port=").append(pasv + 20).append('\n')
                .append("pam_service_name=vsftpd\nseccomp_sandbox=NO\nisolate=NO\nisolate_network=NO\n")
                .append("utf8_filesystem=YES\n")
                .append("xferlog_enable=YES\nlog_ftp_protocol=YES\nvsftpd_log_file=").append(logFile).append('\n');
        if (mode != Mode.FTP) {
            c.append("ssl_enable=YES\nrsa_cert_file=").append(cert.certPem.toAbsolutePath())
                    .append("\nrsa_private_key_file=").append(cert.keyPem.toAbsolutePath()).append('\n')
                    .append("force_local_logins_ssl=YES\nforce_local_data_ssl=YES\n")
                    .append("require_ssl_reuse=YES\nssl_ciphers=HIGH\ndebug_ssl=YES\n")
                    .append("implicit_ssl=").append(mode == Mode.IMPLICIT_TLS ? "YES" : "NO").append('\n');
        }
        c.append(extraConfig);
        Path conf = Files.writeString(dir.resolve("vsftpd.conf"), c.toString());
        process = new ServerProcess(List.of(vsftpd, conf.toString()), port, dir.resolve("vsftpd.out"));
    }

    public int port() {
        return port;
    }

    /** vsftpd's own log (protocol and TLS lines), for failure messages. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
