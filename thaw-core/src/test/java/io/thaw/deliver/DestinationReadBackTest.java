package io.thaw.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.thaw.ThawConfig;
import io.thaw.glacier.TreeHash;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What thaw retire relies on: each remote destination reads a copy it delivered back, as it is now, as
 * a stream (s3proxy, Apache FtpServer plain and TLS, MINA SSHD); a copy that is not there is a
 * NoSuchFileException, not some other failure.
 */
class DestinationReadBackTest {

    static Path work;
    static DestinationServers servers;
    static DefaultCamelContext camel;
    static Destinations destinations;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Path.of("target/test-work/read-back-" + System.nanoTime()).toAbsolutePath());
        servers = new DestinationServers(work);
        Properties p = new Properties();
        servers.configure(p);
        ThawConfig c = ThawConfig.load(null).with("thaw.aws.sandbox-credentials", "true").with("thaw.aws.region", "us-east-1");
        for (String k : p.stringPropertyNames()) {
            c = c.with(k, p.getProperty(k));
        }
        camel = new DefaultCamelContext();
        camel.start();
        destinations = new Destinations(c, camel);
    }

    @AfterAll
    static void stop() throws Exception {
        destinations.close();
        camel.close();
        servers.close();
        DestinationServers.deleteTree(work);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "ftp", "ftps", "sftp"})
    void readsBackWhatItDelivered(String name) throws Exception {
        Path f = work.resolve("original-" + name + ".bin");
        TestFiles.generate(f, 3 * 1024 * 1024 + 17, name.hashCode());
        String hash = TreeHash.of(f);
        Destination d = destinations.resolve(name);
        Delivered out = d.deliver(f, new Delivery("sub/copy-" + name + ".bin", Files.size(f), hash, null, "v", "a", "j"));
        for (int i = 0; i < 2; i++) { // twice: each read ends its transfer and connection cleanly
            try (InputStream in = d.openDelivered(out.location())) {
                assertEquals(hash, TreeHash.of(in));
            }
        }
        assertThrows(NoSuchFileException.class, () -> d.openDelivered(out.location().replace("copy-", "gone-")).close());
    }
}
