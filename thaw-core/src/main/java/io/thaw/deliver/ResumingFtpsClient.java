package io.thaw.deliver;

import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.ftp.FTPSSocketFactory;
import org.apache.commons.net.util.SSLSocketUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * An FTPS client whose data connections resume the control connection's TLS session, as vsftpd
 * ({@code require_ssl_reuse=YES}, its default), ProFTPD and FileZilla Server require: without it they
 * answer {@code 522 SSL connection failed: session reuse required} and nothing is transferred.
 *
 * <p>The JDK offers a cached session for resumption when a new connection goes to the same host and
 * port as the one that made it. A data connection has its own port, so commons-net's FTPSClient never
 * resumes. Here the data connection is opened as plain TCP, then TLS is layered over it with public
 * JSSE API ({@code SSLSocketFactory.createSocket(Socket, host, port, autoClose)}) on a socket that
 * reports the control connection's port: the JDK then looks the session up under the control
 * connection's host:port and resumes it by its own rules — the TLS 1.2 session, or a TLS 1.3 ticket the
 * server sent. No reflection into JDK internals, no {@code --add-opens}, nothing to switch off.
 */
final class ResumingFtpsClient extends FTPSClient {

    private static final Logger LOG = LoggerFactory.getLogger(ResumingFtpsClient.class);

    private final SSLContext context;
    /** The open data connection, for {@link #finishData()}. */
    private SSLSocket data;

    ResumingFtpsClient(boolean implicit, SSLContext context) {
        super(implicit, context);
        this.context = context;
    }

    /**
     * The TLS context for these clients, trusting {@code trustManagers} (null: the JDK's CAs). It never
     * offers TLS 1.2 session tickets: vsftpd issues them with a lifetime of 2^31-1 s, which the JDK
     * discards (RFC 8446 caps tickets at 7 days), and a session whose ticket was discarded cannot be
     * resumed; without tickets the server keeps the session under its id and resumes that. The switch
     * is the JDK's own property, read when a context is made, so it is set only while this one is made.
     * TLS 1.3 resumes with its own tickets (capped at 7 days by OpenSSL); the JDK uses each once, so a
     * control connection gets one resumed data connection there — thaw opens one per login.
     */
    static SSLContext sslContext(javax.net.ssl.TrustManager[] trustManagers) throws java.security.GeneralSecurityException {
        String key = "jdk.tls.client.enableSessionTicketExtension";
        synchronized (ResumingFtpsClient.class) {
            String before = System.getProperty(key);
            System.setProperty(key, "false");
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, trustManagers, null);
                ctx.getClientSessionContext();
                return ctx;
            } finally {
                if (before == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, before);
                }
            }
        }
    }

    @Override
    protected Socket _openDataConnection_(String command, String arg) throws IOException {
        SocketFactory tls = _socketFactory_;
        if (!(tls instanceof FTPSSocketFactory) || getDataConnectionMode() != PASSIVE_LOCAL_DATA_CONNECTION_MODE
                || getProxy() != null) {
            return super._openDataConnection_(command, arg); // PROT C, active mode or a proxy: as commons-net does it
        }
        Socket plain;
        _socketFactory_ = SocketFactory.getDefault(); // PASV, connect and STOR over plain TCP; TLS comes next
        try {
            plain = super._openDataConnection_(command, arg);
        } finally {
            _socketFactory_ = tls;
        }
        return plain == null ? null : secure(plain);
    }

    /** TLS over the connected data socket, resuming the control connection's session. */
    private SSLSocket secure(Socket plain) throws IOException {
        int controlPort = getRemotePort();
        SSLSocket s;
        try {
            s = (SSLSocket) context.getSocketFactory().createSocket(new ControlPortSocket(plain, controlPort),
                    _hostname_, controlPort, true);
            s.setUseClientMode(true);
            if (getProtocols() != null) {
                s.setEnabledProtocols(getProtocols());
            }
            if (getSuites() != null) {
                s.setEnabledCipherSuites(getSuites());
            }
            if (isEndpointCheckingEnabled()) {
                SSLSocketUtils.enableEndpointNameVerification(s);
            }
            s.startHandshake();
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        if (getHostnameVerifier() != null && !getHostnameVerifier().verify(_hostname_, s.getSession())) {
            s.close();
            throw new SSLHandshakeException("Hostname doesn't match certificate");
        }
        data = s;
        LOG.debug("FTPS data connection to {}:{}: {} {}", _hostname_, plain.getPort(), s.getSession().getProtocol(),
                s.getSession().getCipherSuite());
        return s;
    }

    /**
     * Ends an upload's data connection the way TLS wants it, before the stream from
     * {@link #storeFileStream(String)} is closed: close_notify, then the server's remaining records read
     * to its own close_notify, then close. The JDK's own close sends user_canceled with close_notify on
     * TLS 1.3 and closes at once, with the server's post-handshake session tickets still unread: the
     * kernel then resets the connection and the server loses the end of the upload (vsftpd: "426
     * Failure reading network stream", in 8 of 12 plain commons-net uploads here). Reading to the end
     * also caches the ticket the server sent, so the next data connection can resume too.
     */
    void finishData() throws IOException {
        SSLSocket s = data;
        data = null;
        if (s == null || s.isClosed()) {
            return;
        }
        try {
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] skip = new byte[4096];
            while (in.read(skip) >= 0) {
                // nothing is expected after an upload but TLS records, which the read consumes
            }
        } finally {
            s.close();
        }
    }

    /**
     * The connected data socket, except that it reports the control connection's port: JSSE keys its
     * client session cache by the peer host and {@link #getPort()}. Everything else is the real socket.
     */
    private static final class ControlPortSocket extends Socket {
        private static final int DRAIN_MILLIS = 5_000;
        private final Socket real;
        private final int controlPort;
        private volatile boolean inputShut;

        ControlPortSocket(Socket real, int controlPort) {
            this.real = real;
            this.controlPort = controlPort;
        }

        @Override
        public int getPort() {
            return controlPort;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return real.getInputStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return real.getOutputStream();
        }

        @Override
        public boolean isConnected() {
            return real.isConnected();
        }

        @Override
        public boolean isBound() {
            return real.isBound();
        }

        @Override
        public boolean isClosed() {
            return real.isClosed();
        }

        /**
         * Closes gently: the JDK has sent close_notify; the server may have sent something the upload never
         * read (a TLS 1.3 server sends new session tickets after a resumed handshake). Closing a socket with
         * unread input makes the kernel answer with a reset, and the server then loses the end of the upload
         * ("426 Failure reading network stream"). The JDK shuts the input down first (TLS 1.3), which would
         * leave such bytes unread: that is deferred to here. So: send FIN, read what is left until the
         * server closes (at most a few seconds), then close.
         */
        @Override
        public synchronized void close() throws IOException {
            if (real.isClosed()) {
                return;
            }
            try {
                real.shutdownOutput();
                real.setSoTimeout(DRAIN_MILLIS);
                InputStream in = real.getInputStream();
                byte[] skip = new byte[4096];
                long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
                while (in.read(skip) >= 0 && System.nanoTime() < deadline) {
                    // discard: TLS records nobody will read
                }
            } catch (IOException gone) {
                // reset or silent: closing is all that is left
            } finally {
                real.close();
            }
        }

        /** Deferred to {@link #close()}, which reads the input to its end first (see there). */
        @Override
        public void shutdownInput() {
            inputShut = true;
        }

        @Override
        public void shutdownOutput() throws IOException {
            real.shutdownOutput();
        }

        @Override
        public boolean isInputShutdown() {
            return inputShut || real.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return real.isOutputShutdown();
        }

        @Override
        public InetAddress getInetAddress() {
            return real.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return real.getLocalAddress();
        }

        @Override
        public int getLocalPort() {
            return real.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return real.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return real.getLocalSocketAddress();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            real.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws SocketException {
            return real.getSoTimeout();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            real.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return real.getTcpNoDelay();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            real.setSoLinger(on, linger);
        }

        @Override
        public int getSoLinger() throws SocketException {
            return real.getSoLinger();
        }

        @Override
        public synchronized void setSendBufferSize(int size) throws SocketException {
            real.setSendBufferSize(size);
        }

        @Override
        public synchronized int getSendBufferSize() throws SocketException {
            return real.getSendBufferSize();
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) throws SocketException {
            real.setReceiveBufferSize(size);
        }

        @Override
        public synchronized int getReceiveBufferSize() throws SocketException {
            return real.getReceiveBufferSize();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            real.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return real.getKeepAlive();
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }
}
