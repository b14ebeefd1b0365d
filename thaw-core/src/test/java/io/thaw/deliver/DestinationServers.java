package io.thaw.deliver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One real server per remote destination kind — s3proxy, Apache FtpServer (FTP and FTPS), MINA SSHD
 * (SFTP) — plus a folder, configured as thaw's named destinations folder, s3, ftp, ftps and sftp. Reads
 * back what landed, and can make a destination fail mid-transfer until told to recover.
 */
final class DestinationServers implements AutoCloseable {

    static final String BUCKET = "restore-bucket";
    static final String S3_PREFIX = "restored/";
    /** Destination "s3-memory"'s bucket: its own URI, so that it is not taken for destination "s3". */
    static final String MEMORY_BUCKET = "restore-memory";

    private final Path work;
    final Path folderRoot;
    private final RefusingBlobStore s3Store;
    private final S3TestServer s3server;
    final S3Client s3;
    /** Destination "s3-memory": s3proxy in memory, for keys whose file names use all 255 bytes. */
    private final S3TestServer s3memoryServer;
    private final S3Client s3memory;
    private final FtpTestServer ftp;
    private final FtpTestServer ftps;
    private final SftpTestServer sftp;
    private final TestKeyStores keys;
    private final Path knownHosts;

    /** Starts every server on a free loopback port, its data under {@code work}. */
    DestinationServers(Path work) throws Exception {
        this.work = work;
        folderRoot = work.resolve("folder-out");
        // thaw signs S3 requests with the sandbox's dummy keys (thaw.aws.sandbox-credentials): s3proxy takes them.
        // An absolute data folder: with a relative one, s3proxy's filesystem store loses track of a second
        // multipart upload to a key whose first upload was aborted (CompleteMultipartUpload answers 404).
        RefusingBlobStore[] store = new RefusingBlobStore[1];
        s3server = new S3TestServer(dir("s3-data").toAbsolutePath(), "sandbox", "sandbox",
                real -> (store[0] = new RefusingBlobStore(real)).store);
        s3Store = store[0];
        s3 = s3server.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3memoryServer = S3TestServer.inMemory("sandbox", "sandbox");
        s3memory = s3memoryServer.client();
        s3memory.createBucket(b -> b.bucket(MEMORY_BUCKET));
        ftp = new FtpTestServer(dir("ftp-home"), null, false);
        keys = new TestKeyStores(dir("tls"));
        ftps = new FtpTestServer(dir("ftps-home"), keys.keyStore, false);
        sftp = new SftpTestServer(dir("sftp-root"), work.resolve("sftp-host.key"));
        knownHosts = Files.writeString(work.resolve("known_hosts"), sftp.knownHostsLine() + "\n");
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    /** thaw.destinations.&lt;name&gt;=URI and each one's settings, as an operator would configure them. */
    void configure(Properties props) {
        props.setProperty("thaw.destinations.folder", "file:" + folderRoot);
        props.setProperty("thaw.destinations.s3", "s3://" + BUCKET + "/" + S3_PREFIX);
        props.setProperty("thaw.destinations.s3.endpoint", s3server.endpoint());
        props.setProperty("thaw.destinations.s3-memory", "s3://" + MEMORY_BUCKET + "/" + S3_PREFIX);
        props.setProperty("thaw.destinations.s3-memory.endpoint", s3memoryServer.endpoint());
        props.setProperty("thaw.destinations.ftp", "ftp://127.0.0.1:" + ftp.port() + "/incoming");
        props.setProperty("thaw.destinations.ftp.username", FtpTestServer.USER);
        props.setProperty("thaw.destinations.ftp.password", FtpTestServer.PASSWORD);
        props.setProperty("thaw.destinations.ftps", "ftps://127.0.0.1:" + ftps.port() + "/secure");
        props.setProperty("thaw.destinations.ftps.username", FtpTestServer.USER);
        props.setProperty("thaw.destinations.ftps.password", FtpTestServer.PASSWORD);
        props.setProperty("thaw.destinations.ftps.trust-store", keys.trustStore.toString());
        props.setProperty("thaw.destinations.ftps.trust-store-password", TestKeyStores.PASSWORD);
        props.setProperty("thaw.destinations.sftp", "sftp://127.0.0.1:" + sftp.port() + "/drop");
        props.setProperty("thaw.destinations.sftp.username", SftpTestServer.USER);
        props.setProperty("thaw.destinations.sftp.password", SftpTestServer.PASSWORD);
        props.setProperty("thaw.destinations.sftp.known-hosts-file", knownHosts.toString());
    }

    /**
     * Makes a destination fail (or recover): the folder gets a plain file where the output's folder
     * {@code retry/} must go; the servers break off uploads mid-transfer (S3 on a multipart's second part).
     */
    void broken(String destination, boolean broken) throws IOException {
        switch (destination) {
            case "folder" -> {
                Path blocker = folderRoot.resolve("retry");
                if (broken) {
                    Files.createDirectories(folderRoot);
                    Files.writeString(blocker, "in the way");
                } else {
                    Files.deleteIfExists(blocker);
                }
            }
            case "s3" -> s3Store.failing(broken);
            case "ftp" -> failAfter(ftp.failAfter, broken);
            case "sftp" -> failAfter(sftp.failAfter, broken);
            default -> throw new IllegalArgumentException(destination);
        }
    }

    private static void failAfter(FailAfter f, boolean broken) {
        if (broken) {
            f.set(100_000);
        } else {
            f.off();
        }
    }

    int s3PartsRefused() {
        return s3Store.refused.get();
    }

    boolean noOpenMultipartUploads() {
        return s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty();
    }

    /** A local file holding what the destination holds under {@code name} (S3: a downloaded copy). */
    Path readBack(String destination, String name) throws IOException {
        if (destination.startsWith("s3")) {
            Path copy = Files.createTempFile(work, "s3-object", ".bin");
            try (InputStream in = s3client(destination).getObject(b -> b.bucket(bucket(destination)).key(S3_PREFIX + name))) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        }
        return root(destination).resolve(name);
    }

    boolean exists(String destination, String name) {
        if (destination.equals("s3")) {
            try {
                s3.headObject(b -> b.bucket(BUCKET).key(S3_PREFIX + name));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        }
        return Files.exists(root(destination).resolve(name));
    }

    /** How many files/objects at the destination are called {@code fileName}, in any folder. */
    long countNamed(String destination, String fileName) {
        if (destination.equals("s3")) {
            return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3_PREFIX)).contents().stream()
                    .filter(o -> o.key().endsWith("/" + fileName)).count();
        }
        return files(root(destination)).filter(p -> p.getFileName().toString().equals(fileName)).count();
    }

    void assertNoTemporaryNames(String destination) {
        if (destination.startsWith("s3")) {
            assertTrue(s3client(destination).listMultipartUploads(b -> b.bucket(bucket(destination))).uploads().isEmpty(),
                    "no open multipart upload");
            return;
        }
        List<Path> partial = files(root(destination)).filter(p -> p.getFileName().toString()
                .endsWith(FileDestination.PART_SUFFIX)).toList();
        assertTrue(partial.isEmpty(), "temporary files left at " + destination + ": " + partial);
    }

    private S3Client s3client(String destination) {
        return destination.equals("s3-memory") ? s3memory : s3;
    }

    private static String bucket(String destination) {
        return destination.equals("s3-memory") ? MEMORY_BUCKET : BUCKET;
    }

    private Path root(String destination) {
        return switch (destination) {
            case "folder" -> folderRoot;
            case "ftp" -> work.resolve("ftp-home/incoming");
            case "ftps" -> work.resolve("ftps-home/secure");
            case "sftp" -> work.resolve("sftp-root/drop");
            default -> throw new IllegalArgumentException(destination);
        };
    }

    private static Stream<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the servers and deletes what they stored (the archives exist several times over). */
    @Override
    public void close() throws Exception {
        s3.close();
        s3server.close();
        s3memory.close();
        s3memoryServer.close();
        ftp.close();
        ftps.close();
        sftp.close();
        for (String bulky : List.of("s3-data", "ftp-home", "ftps-home", "sftp-root", "folder-out")) {
            deleteTree(work.resolve(bulky));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
