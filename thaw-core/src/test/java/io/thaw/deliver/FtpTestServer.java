package io.thaw.deliver;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;

/**
 * Apache FtpServer on a random loopback port with one user (thaw / s3cret) whose home is a folder.
 * Its file system can be told to fail uploads after N bytes, like a disk that fills up mid-transfer.
 */
final class FtpTestServer implements AutoCloseable {

    static final String USER = "thaw";
    static final String PASSWORD = "s3cret";

    final FailAfter failAfter = new FailAfter();
    private final FtpServer server;
    private final int port;

    /** @param keyStore PKCS12 server key for FTPS (password "changeit"), or null for plain FTP */
    FtpTestServer(Path home, Path keyStore, boolean implicitTls) throws Exception {
        port = TestFiles.freePort();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        if (keyStore != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keyStore.toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword("changeit");
            ssl.setKeyPassword("changeit");
            listener.setSslConfiguration(ssl.createSslConfiguration());
            listener.setImplicitSsl(implicitTls);
        }
        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener("default", listener.createListener());
        UserManager users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        factory.setUserManager(users);
        factory.setFileSystem(failing(new NativeFileSystemFactory()));
        server = factory.createServer();
        server.start();
    }

    int port() {
        return port;
    }

    /** Wraps every FtpFile so that createOutputStream honours {@link #failAfter}. */
    private FileSystemFactory failing(FileSystemFactory real) {
        return user -> {
            FileSystemView view = real.createFileSystemView(user);
            return (FileSystemView) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{FileSystemView.class},
                    (p, m, args) -> {
                        Object r = invoke(m, view, args);
                        return r instanceof FtpFile f ? failingFile(f) : r;
                    });
        };
    }

    private FtpFile failingFile(FtpFile file) {
        return (FtpFile) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{FtpFile.class},
                new FileHandler(file));
    }

    /** Forwards to the real file, unwrapping proxied arguments (NativeFtpFile.move casts its argument). */
    private final class FileHandler implements InvocationHandler {
        final FtpFile real;

        FileHandler(FtpFile real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (args != null) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] != null && Proxy.isProxyClass(args[i].getClass())
                            && Proxy.getInvocationHandler(args[i]) instanceof FileHandler h) {
                        args[i] = h.real;
                    }
                }
            }
            Object r = FtpTestServer.invoke(m, real, args);
            return m.getName().equals("createOutputStream") && failAfter.on() ? failAfter.wrap((OutputStream) r) : r;
        }
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
