package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.thaw.deliver.SftpTestServer;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A vault of small archives retrieved through thaw (thaw fetch) to a folder and to an SFTP server
 * (MINA SSHD), with a config for thaw retire: the state a retire starts from.
 */
final class RetireFixture implements AutoCloseable {

    final FetchFixture f;
    final SftpTestServer sftp;
    final Path folder;
    final Path sftpRoot;
    final Path config;
    final Path reports;
    final String vault;
    final List<FetchFixture.Archive> archives = new ArrayList<>();
    /** Where each archive's copy is on disk (the SFTP server's files too). */
    final List<Path> copies = new ArrayList<>();

    RetireFixture(String vault, int toFolder, int toSftp, String deletesPerSecond) throws Exception {
        this.vault = vault;
        f = new FetchFixture("Expedited=1ms,Standard=1s,Bulk=1s");
        folder = Files.createDirectories(f.work.resolve("restored"));
        sftpRoot = Files.createDirectories(f.work.resolve("sftp-root"));
        sftp = new SftpTestServer(sftpRoot, f.work.resolve("host.key"));
        Path knownHosts = Files.writeString(f.work.resolve("known_hosts"), sftp.knownHostsLine() + "\n");
        reports = f.work.resolve("reports");
        config = f.config("retire", Map.of(
                "thaw.credentials.127.0.0.1.username", SftpTestServer.USER,
                "thaw.credentials.127.0.0.1.password", SftpTestServer.PASSWORD,
                "thaw.credentials.127.0.0.1.known-hosts-file", knownHosts.toString(),
                "thaw.runs.report-folder", reports.toString(),
                "thaw.retire.deletes-per-second", deletesPerSecond));
        for (int i = 0; i < toFolder + toSftp; i++) {
            retrieve(300_000 + i * 700_000L, 100 + i, "file-" + i + ".bin", i >= toFolder);
        }
    }

    /** Uploads an archive (same seed and size = same content) and retrieves it through thaw fetch. */
    void retrieve(long size, long seed, String name, boolean toSftp) throws Exception {
        FetchFixture.Archive a = f.upload(vault, size, seed, name);
        archives.add(a);
        String job = f.completedJob(a, null);
        String to = toSftp ? "sftp://127.0.0.1:" + sftp.port() + "/restored" : folder.toString();
        FetchFixture.Run r = FetchFixture.thaw("fetch", "--config", config.toString(), "--vault", vault, "--job-id",
                job, "--to", to, "--quiet");
        assertEquals(0, r.exit(), r.err());
        copies.add((toSftp ? sftpRoot.resolve("restored") : folder).resolve(name));
    }

    String storeUrl() {
        return "jdbc:h2:file:" + f.work.resolve("retire-db") + ";AUTO_SERVER=TRUE";
    }

    /** Makes every delivery look {@code age} old, except those of the given archives (quarantine tests). */
    void deliveredAgo(Duration age, String... exceptArchiveIds) throws Exception {
        try (JobStore s = JobStore.open(storeUrl(), null, null); Connection c = s.dataSource().getConnection()) {
            StringBuilder sql = new StringBuilder("update thaw_job set delivered_at = ? where state = 'DELIVERED'");
            for (String ignored : exceptArchiveIds) {
                sql.append(" and archive_id <> ?");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().minus(age)));
                for (int i = 0; i < exceptArchiveIds.length; i++) {
                    ps.setString(i + 2, exceptArchiveIds[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    long archivesInVault() {
        return f.glacier.describeVault(b -> b.vaultName(vault)).numberOfArchives();
    }

    FetchFixture.Run retire(String... args) {
        List<String> a = new ArrayList<>(List.of("retire", "--config", config.toString(), "--vault", vault));
        a.addAll(List.of(args));
        return FetchFixture.thaw(a.toArray(String[]::new));
    }

    @Override
    public void close() throws Exception {
        sftp.close();
        f.close();
    }
}
