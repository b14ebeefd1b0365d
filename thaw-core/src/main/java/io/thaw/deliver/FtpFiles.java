package io.thaw.deliver;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * An FTP or FTPS session with commons-net: binary, passive, UTF-8 names, one data connection per upload.
 * FTPS protects the data channel too (PBSZ 0, PROT P) and resumes the control connection's TLS session
 * on it ({@link ResumingFtpsClient}).
 */
final class FtpFiles implements RemoteFiles {

    private final FTPClient c;

    private FtpFiles(FTPClient c) {
        this.c = c;
    }

    /** @param tls null for plain FTP */
    static FtpFiles open(String host, int port, RemoteSettings login, SSLContext tls) throws IOException {
        FTPClient c = tls == null ? new FTPClient() : new ResumingFtpsClient(login.implicitTls(), tls);
        c.setControlEncoding("UTF-8"); // commons-net speaks ISO-8859-1 otherwise: non-ASCII names would be mangled
        c.setConnectTimeout(30_000);
        c.setDefaultTimeout(60_000);
        c.setDataTimeout(Duration.ofMinutes(5));
        if (c instanceof FTPSClient s) {
            s.setEndpointCheckingEnabled(true); // the certificate must name the host we connect to
        }
        FtpFiles f = new FtpFiles(c);
        try {
            c.connect(host, port);
            if (!FTPReply.isPositiveCompletion(c.getReplyCode())) {
                throw new IOException("connect: " + f.reply());
            }
            String user = login.username() == null ? "anonymous" : login.username();
            if (!c.login(user, login.password() == null ? "thaw@" : login.password())) {
                throw new IOException("login as " + user + ": " + f.reply());
            }
            if (c instanceof FTPSClient s) {
                s.execPBSZ(0);
                s.execPROT("P");
            }
            if (!c.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw new IOException("TYPE I: " + f.reply());
            }
            c.enterLocalPassiveMode();
            return f;
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    @Override
    public String here() throws IOException {
        String pwd = c.printWorkingDirectory();
        if (pwd == null) {
            throw new IOException("PWD: " + reply());
        }
        return pwd;
    }

    @Override
    public boolean enter(String folder) throws IOException {
        return c.changeWorkingDirectory(folder);
    }

    @Override
    public void make(String folder) throws IOException {
        if (!c.makeDirectory(folder)) {
            throw new IOException("MKD " + folder + ": " + reply());
        }
    }

    @Override
    public void upload(InputStream in, String name) throws IOException {
        OutputStream out = c.storeFileStream(name);
        if (out == null) {
            throw new IOException("STOR " + name + ": " + reply());
        }
        try {
            in.transferTo(out);
            out.flush();
            if (c instanceof ResumingFtpsClient s) {
                s.finishData();
            }
            out.close();
        } catch (IOException sending) {
            // the server usually says why it broke the transfer off (disk full, quota): wait for its reply
            closeQuietly(out);
            String why = pendingReply();
            throw new IOException("STOR " + name + ": " + (why != null ? why + " (" + sending.getMessage() + ")"
                    : sending.getMessage()), sending);
        }
        if (!c.completePendingCommand()) {
            throw new IOException("STOR " + name + ": " + reply());
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        InputStream in = c.retrieveFileStream(path);
        if (in == null) {
            if (c.getReplyCode() == 550) {
                throw new java.nio.file.NoSuchFileException(path, null, "RETR: " + reply());
            }
            throw new IOException("RETR " + path + ": " + reply());
        }
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                if (!c.completePendingCommand()) {
                    throw new IOException("RETR " + path + ": " + reply());
                }
            }
        };
    }

    @Override
    public void replace(String from, String to) throws IOException {
        if (c.rename(from, to)) {
            return;
        }
        String refused = reply();
        // servers that do not rename over an existing file: remove the old one only now the new one is complete,
        // and only while the new one is still there (never the final file because a rename failed otherwise)
        if (c.getSize(from) != null && c.getSize(to) != null && c.deleteFile(to) && c.rename(from, to)) {
            return;
        }
        throw new IOException("RNFR " + from + " / RNTO " + to + ": " + refused);
    }

    @Override
    public void delete(String path) throws IOException {
        if (!c.deleteFile(path)) {
            throw new IOException("DELE " + path + ": " + reply());
        }
    }

    @Override
    public void removeFolder(String path) throws IOException {
        if (!c.removeDirectory(path)) {
            throw new IOException("RMD " + path + ": " + reply());
        }
    }

    private String reply() {
        String r = c.getReplyString();
        return r == null ? "(no reply)" : r.trim();
    }

    /** The reply to a transfer whose data connection broke, or null when the server sends none in 15 s. */
    private String pendingReply() {
        try {
            c.setSoTimeout(15_000);
            c.completePendingCommand();
            return reply();
        } catch (IOException | RuntimeException none) {
            return null;
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        try {
            if (c.isConnected()) {
                c.logout();
            }
        } catch (IOException ignored) {
            // disconnecting anyway
        } finally {
            try {
                c.disconnect();
            } catch (IOException ignored) {
                // nothing left to close
            }
        }
    }
}
