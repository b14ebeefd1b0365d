package io.thaw.deliver;

import io.thaw.deliver.debian.Certificate;
import io.thaw.deliver.debian.LocalUser;
import io.thaw.deliver.debian.OpenSshd;
import io.thaw.deliver.debian.TinyDisk;
import io.thaw.deliver.debian.Vsftpd;
import io.thaw.glacier.TreeHash;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.testing.ThawRoutes;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static io.thaw.testing.ThawRoutes.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's acceptance, through thaw's routes from the sandbox to the servers people run, from
 * Debian's packages, each started here on loopback with its own configuration: vsftpd (plain FTP;
 * explicit FTPS and implicit FTPS, both with its default require_ssl_reuse=YES) and OpenSSH's sshd
 * with internal-sftp in a chroot (key login and password login, strict known_hosts). Multi-chunk and
 * one-chunk archives, a nested unicode name and a hostile name arrive byte for byte; a wrong password,
 * a changed host key and a full disk (a tmpfs of 256 KiB) each end with the server's own words and
 * their own fix, and leave nothing behind.
 */
class DebianServersDeliveryIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String VAULT = "debian";
    static Properties props;
    static Vsftpd ftp;
    static Vsftpd ftps;
    static Vsftpd ftpsImplicit;
    static OpenSshd sshd;
    static TinyDisk ftpFull;
    static TinyDisk sftpFull;
    static Path ftpRoot;
    static Path ftpsRoot;
    static Path ftpsImplicitRoot;
    static Path chroot;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=300ms,Bulk=400ms")
            .timeout(WAIT)
            .before(DebianServersDeliveryIT::startServers)
            .after(t -> {
                for (AutoCloseable c : new AutoCloseable[]{ftp, ftps, ftpsImplicit, sshd, ftpFull, sftpFull}) {
                    if (c != null) {
                        c.close();
                    }
                }
            });

    static void startServers(ThawRoutes t) {
        try {
            Path work = t.work();
            props = t.properties();
            Certificate cert = new Certificate(Files.createDirectories(work.resolve("tls")));
            ftpRoot = work.resolve("ftp-root");
            ftpsRoot = work.resolve("ftps-root");
            ftpsImplicitRoot = work.resolve("ftpsi-root");
            ftp = new Vsftpd(Files.createDirectories(work.resolve("ftp")), ftpRoot, Vsftpd.Mode.FTP, null);
            ftps = new Vsftpd(Files.createDirectories(work.resolve("ftps")), ftpsRoot, Vsftpd.Mode.EXPLICIT_TLS, cert);
            ftpsImplicit = new Vsftpd(Files.createDirectories(work.resolve("ftpsi")), ftpsImplicitRoot,
                    Vsftpd.Mode.IMPLICIT_TLS, cert);
            ftpFull = new TinyDisk(ftpRoot.resolve("full"), 256);
            chroot = work.resolve("chroot");
            sshd = new OpenSshd(Files.createDirectories(work.resolve("sshd")), chroot);
            sshd.writable("drop");
            sshd.writable("drop-pw");
            sshd.writable("changed");
            sftpFull = new TinyDisk(chroot.resolve("full"), 256);

            Path knownHosts = Files.writeString(work.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            Path staleKnownHosts = Files.writeString(work.resolve("known_hosts_stale"), sshd.otherKeyLine(work) + "\n");
            ftpDestination("vftp", "ftp", ftp.port(), "incoming", LocalUser.PASSWORD);
            ftpDestination("vftps", "ftps", ftps.port(), "incoming", LocalUser.PASSWORD);
            props.setProperty("thaw.destinations.vftps.trust-store", cert.trustStore.toString());
            props.setProperty("thaw.destinations.vftps.trust-store-password", Certificate.TRUST_PASSWORD);
            ftpDestination("vftpsi", "ftps", ftpsImplicit.port(), "incoming", LocalUser.PASSWORD);
            props.setProperty("thaw.destinations.vftpsi.implicit-tls", "true");
            props.setProperty("thaw.destinations.vftpsi.trust-store", cert.trustStore.toString());
            props.setProperty("thaw.destinations.vftpsi.trust-store-password", Certificate.TRUST_PASSWORD);
            ftpDestination("vftpwrongpw", "ftp", ftp.port(), "wrongpw", "not-the-password");
            ftpDestination("vftpfull", "ftp", ftp.port(), "full", LocalUser.PASSWORD);
            sftpDestination("ossh", "drop", knownHosts);
            props.setProperty("thaw.destinations.ossh.private-key-file", sshd.clientKey.toString());
            sftpDestination("osshpw", "drop-pw", knownHosts);
            props.setProperty("thaw.destinations.osshpw.password", LocalUser.PASSWORD);
            sftpDestination("osshchanged", "changed", staleKnownHosts);
            props.setProperty("thaw.destinations.osshchanged.password", LocalUser.PASSWORD);
            sftpDestination("osshfull", "full", knownHosts);
            props.setProperty("thaw.destinations.osshfull.password", LocalUser.PASSWORD);

            props.setProperty("thaw.destination.default", "file:" + work.resolve("folder-out"));
            props.setProperty("thaw.allowed-roots", "file:" + work.resolve("folder-out"));
            t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
        } catch (Exception e) {
            throw new IllegalStateException("Debian test servers did not start (vsftpd, openssh-server and openssl are"
                    + " installed by .ci/run; tests run as root): " + e.getMessage(), e);
        }
    }

    private static void ftpDestination(String name, String scheme, int port, String dir, String password) {
        props.setProperty("thaw.destinations." + name, scheme + "://127.0.0.1:" + port + "/" + dir);
        props.setProperty("thaw.destinations." + name + ".username", LocalUser.NAME);
        props.setProperty("thaw.destinations." + name + ".password", password);
    }

    private static void sftpDestination(String name, String dir, Path knownHosts) {
        props.setProperty("thaw.destinations." + name, "sftp://127.0.0.1:" + sshd.port() + "/" + dir);
        props.setProperty("thaw.destinations." + name + ".username", LocalUser.NAME);
        props.setProperty("thaw.destinations." + name + ".known-hosts-file", knownHosts.toString());
    }


    /** Where a destination's files land on this machine. */
    static Path landing(String destination) {
        return switch (destination) {
            case "vftp" -> ftpRoot.resolve("incoming");
            case "vftps" -> ftpsRoot.resolve("incoming");
            case "vftpsi" -> ftpsImplicitRoot.resolve("incoming");
            case "ossh" -> chroot.resolve("drop");
            case "osshpw" -> chroot.resolve("drop-pw");
            default -> throw new IllegalArgumentException(destination);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vftp", "vftps", "vftpsi", "ossh", "osshpw"})
    void archivesArriveByteForByte(String destination) throws Exception {
        record Case(String description, String landsAs, byte[] bytes) {
        }
        List<Case> cases = List.of(
                // 1 MiB chunks (routeDefaults): three chunks, then one
                new Case(destination + "/multi/chunked.bin", destination + "/multi/chunked.bin",
                        random((2 << 20) + 12_345, destination.hashCode())),
                new Case(destination + "/single.bin", destination + "/single.bin", random(70_001, 2)),
                new Case(DeliveryFlowIT.fastGlacierV4(destination + "/été/2019/naïve ☃ Привет.bin", "20190708T091011Z"),
                        destination + "/été/2019/naïve ☃ Привет.bin", random(33_333, 3)),
                // climbs out, and carries what shells and SFTP clients read as wildcards and escapes
                new Case("../../" + destination + "/hostile/../../x?y*[z]\\w .bin", destination + "/hostile/x?y*[z]/w .bin",
                        random(4_444, 4)));
        StringBuilder ids = new StringBuilder();
        String[] archiveIds = new String[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            archiveIds[i] = thaw.upload(VAULT, cases.get(i).bytes(), cases.get(i).description());
            ids.append(i == 0 ? "" : ",").append('"').append(archiveIds[i]).append('"');
        }
        thaw.drop(destination + ".json", "{\"vault\":\"" + VAULT + "\",\"destination\":\""
                + destination + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Expedited\"},\"archives\":[" + ids + "]}");
        for (int i = 0; i < cases.size(); i++) {
            JobRecord job = awaitState(archiveIds[i], JobState.DELIVERED);
            Path landed = landing(destination).resolve(cases.get(i).landsAs());
            assertTrue(Files.exists(landed), "delivered to " + job.deliveredTo() + ", expected at " + landed);
            assertEquals(TreeHash.of(cases.get(i).bytes()), TreeHash.of(landed), "bytes of " + landed);
        }
        try (Stream<Path> all = Files.walk(landing(destination))) {
            List<Path> parts = all.filter(p -> p.getFileName().toString().endsWith(FileDestination.PART_SUFFIX)).toList();
            assertEquals(List.of(), parts, "no temporary names left");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "vftpwrongpw|530 Login incorrect.|the server refused the login",
            "osshchanged|HostKey has been changed|the server's host key is not the one in the known-hosts file",
            "vftpfull|Failure writing|the server's disk (or the user's quota) is full",
            "osshfull|SSH_FX_FAILURE while writing|the server's disk (or the user's quota) is full"})
    void failureEndsWithTheServersWordsItsOwnFixAndNothingLeftBehind(String destination, String serverSays, String fix)
            throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        String archiveId = thaw.upload(VAULT, random(600_000, 9), "fails/" + destination + "/deep/a.bin");
        thaw.drop(destination + "-fails.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\""
                + destination + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + archiveId
                + "\",\"Tier\":\"Expedited\"}}");
        thaw.await(destination + ": delivery failed and the job is STAGED with the reason", () -> {
            JobRecord j = jobFor(archiveId);
            return j != null && j.state() == JobState.STAGED && j.error() != null;
        });
        String error = jobFor(archiveId).error();
        String shortId = JobRecord.shortId(archiveId);
        java.util.function.Supplier<List<ch.qos.logback.classic.spi.ILoggingEvent>> loud = () -> List.copyOf(logged.list)
                .stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
                        && (e.getFormattedMessage().contains(shortId) || e.getFormattedMessage().contains(destination)))
                .toList(); // other jobs of this class fail again meanwhile, with their own lines
        thaw.await("the failure logged", () -> !loud.get().isEmpty());
        root.detachAppender(logged);
        List<ch.qos.logback.classic.spi.ILoggingEvent> lines = loud.get();
        assertEquals(1, lines.size(), "one WARN line for the failed delivery: " + lines.stream()
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList());
        String line = lines.get(0).getFormattedMessage();
        assertTrue(line.contains(shortId) && line.contains(error) && line.contains("next attempt"),
                "job, archive, the recorded error and the next attempt: " + line);
        assertEquals(null, lines.get(0).getThrowableProxy(), "no stack trace at WARN");
        assertTrue(error.contains(serverSays), "the server's words: " + error);
        assertTrue(error.contains(fix), "the fix for this cause: " + error);
        assertFalse(error.contains(LocalUser.PASSWORD), "no password: " + error);
        Path where = switch (destination) {
            case "vftpwrongpw" -> ftpRoot.resolve("wrongpw");
            case "osshchanged" -> chroot.resolve("changed/fails");
            case "vftpfull" -> ftpRoot.resolve("full/fails");
            default -> chroot.resolve("full/fails");
        };
        assertFalse(Files.exists(where), "nothing left behind at " + where + ": "
                + (Files.exists(where) ? list(where) : List.of()));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.toList();
        }
    }

    JobRecord awaitState(String archiveId, JobState state) {
        thaw.await("archive " + archiveId.substring(0, 8) + " " + state, () -> {
            JobRecord j = jobFor(archiveId);
            return j != null && j.state() == state;
        });
        return jobFor(archiveId);
    }

    JobRecord jobFor(String archiveId) {
        return thaw.store().list(null).stream().filter(j -> archiveId.equals(j.archiveId())).findFirst().orElse(null);
    }
}
