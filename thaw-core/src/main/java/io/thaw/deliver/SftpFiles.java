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
            sftp.cd(literal(folder));
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
            sftp.mkdir(folder); // the one ChannelSftp call that takes its path as it is
        } catch (SftpException e) {
            throw failed("mkdir " + folder, e);
        }
    }

    @Override
    public void upload(InputStream in, String name) throws IOException {
        try {
            sftp.put(in, literal(name), ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_FAILURE && e.getCause() == null) {
                // OpenSSH answers a write it could not do (ENOSPC, EDQUOT) with no more than "Failure"
                throw new IOException("put " + name + ": " + e.getMessage() + " (SSH_FX_FAILURE while writing: most"
                        + " often the disk is full or a quota reached)", e);
            }
            throw failed("put " + name, e);
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        try {
            return sftp.get(literal(path));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new java.nio.file.NoSuchFileException(path, null, "get: " + e.getMessage());
            }
            throw failed("get " + path, e);
        }
    }

    @Override
    public void replace(String from, String to) throws IOException {
        try {
            sftp.rename(literal(from), literal(to)); // posix-rename@openssh.com where the server has it: replaces atomically
        } catch (SftpException refused) {
            try {
                sftp.stat(literal(from)); // the new file is complete and still there: only then the old one goes
                sftp.stat(literal(to));
                sftp.rm(literal(to)); // plain SFTP v3 rename refuses an existing target: remove the old file only now
                sftp.rename(literal(from), literal(to));
            } catch (SftpException e) {
                throw failed("rename " + from + " " + to, refused);
            }
        }
    }

    @Override
    public void delete(String path) throws IOException {
        try {
            sftp.rm(literal(path));
        } catch (SftpException e) {
            throw failed("rm " + path, e);
        }
    }

    @Override
    public void removeFolder(String path) throws IOException {
        try {
            sftp.rmdir(literal(path));
        } catch (SftpException e) {
            throw failed("rmdir " + path, e);
        }
    }

    /**
     * A path JSch takes as it is: its ChannelSftp reads '*' and '?' as wildcards (and '\\' as their escape)
     * in every path but mkdir's, and an archive's name may contain any of them.
     */
    static String literal(String path) {
        return path.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    /** The server's status message, after the operation. */
    private static IOException failed(String operation, SftpException e) {
        return new IOException(operation + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        sftp.disconnect();
        session.disconnect();
    }
}
