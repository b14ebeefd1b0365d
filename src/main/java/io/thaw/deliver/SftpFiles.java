package io.thaw.deliver;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** An SFTP session with JSch: host key checked against the known-hosts file, key and/or password login. */
final class SftpFiles implements RemoteFiles {

    private static final int TIMEOUT_MS = 30_000;

    private final Session session;
    private final ChannelSftp sftp;

    private SftpFiles(Session session, ChannelSftp sftp) {
        this.session = session;
        this.sftp = sftp;
    }

    static SftpFiles open(String host, int port, RemoteSettings login) throws IOException {
        Session session = null;
        try {
            JSch jsch = new JSch();
            Path knownHosts = login.knownHostsFile() != null ? login.knownHostsFile()
                    : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            if (Files.exists(knownHosts)) {
                jsch.setKnownHosts(knownHosts.toString());
            }
            if (login.privateKeyFile() != null) {
                jsch.addIdentity(login.privateKeyFile().toString(), login.privateKeyPassphrase());
            }
            session = jsch.getSession(login.username(), host, port);
            if (login.password() != null) {
                session.setPassword(login.password());
            }
            session.setConfig("StrictHostKeyChecking", login.strictHostKeyChecking() ? "yes" : "no");
            session.setConfig("PreferredAuthentications", "publickey,keyboard-interactive,password");
            session.setTimeout(TIMEOUT_MS);
            session.connect(TIMEOUT_MS);
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(TIMEOUT_MS);
            return new SftpFiles(session, sftp);
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            throw new IOException("login as " + login.username() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String here() throws IOException {
        try {
            return sftp.pwd();
        } catch (SftpException e) {
            throw failed("pwd", e);
        }
    }

    @Override
    public boolean enter(String folder) throws IOException {
        try {
            sftp.cd(folder);
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw failed("cd " + folder, e);
        }
    }

    @Override
    public void make(String folder) throws IOException {
        try {
            sftp.mkdir(folder);
        } catch (SftpException e) {
            throw failed("mkdir " + folder, e);
        }
    }

    @Override
    public void upload(Path file, String name) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            sftp.put(in, name, ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            throw failed("put " + name, e);
        }
    }

    @Override
    public void replace(String from, String to) throws IOException {
        try {
            sftp.rename(from, to); // posix-rename@openssh.com where the server has it: replaces atomically
        } catch (SftpException refused) {
            try {
                sftp.rm(to); // plain SFTP v3 rename refuses an existing target: remove the old file only now
                sftp.rename(from, to);
            } catch (SftpException e) {
                throw failed("rename " + from + " " + to, refused);
            }
        }
    }

    @Override
    public void delete(String path) throws IOException {
        try {
            sftp.rm(path);
        } catch (SftpException e) {
            throw failed("rm " + path, e);
        }
    }

    @Override
    public void removeFolder(String path) throws IOException {
        try {
            sftp.rmdir(path);
        } catch (SftpException e) {
            throw failed("rmdir " + path, e);
        }
    }

    /** The server's status message; OpenSSH says only "Failure" for a full disk, so the code is named too. */
    private static IOException failed(String operation, SftpException e) {
        String words = e.getMessage();
        if (e.id == ChannelSftp.SSH_FX_FAILURE && e.getCause() == null) {
            words = words + " (SSH_FX_FAILURE: OpenSSH's answer to a failed write, most often a full disk or quota)";
        }
        return new IOException(operation + ": " + words, e);
    }

    @Override
    public void close() {
        sftp.disconnect();
        session.disconnect();
    }
}
