package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.Thaw;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `thaw status` for a store holding a job in every state, read as a user reads it. */
class StatusCommandTest {

    static Path config;
    static final Instant NOW = Instant.now();

    @BeforeAll
    static void fillStore() throws IOException {
        Path work = Files.createDirectories(Path.of("target/test-work/status-" + System.nanoTime()));
        String url = "jdbc:h2:file:./" + work.resolve("db");
        config = work.resolve("thaw.properties");
        Files.writeString(config, "thaw.store.url=" + url + "\n");
        try (JobStore s = JobStore.open(url, null, null)) {
            s.insert(job("job-requested-1", "photos", "archive-requested", "ArchiveRetrieval"));
            s.insert(job("job-inventory-1", "photos", null, "InventoryRetrieval"));

            s.insert(job("job-staged-0001", "photos", "archive-staged", "ArchiveRetrieval"));
            s.markStaged("job-staged-0001", 1000L, 1000L, "a", "a", NOW.minus(Duration.ofHours(2)));
            s.claimForDownload("job-staged-0001");
            s.releaseAfterError("job-staged-0001", "delivery to sftp://backup/restored failed: connection refused");

            s.insert(job("job-expired-001", "music", "archive-expired", "ArchiveRetrieval"));
            s.markStaged("job-expired-001", 10L, 10L, "b", "b", NOW.minus(Duration.ofHours(25)));

            s.insert(job("job-download-01", "photos", "archive-downloading", "ArchiveRetrieval"));
            s.markStaged("job-download-01", 4096L, 4096L, "c", "c", NOW.minus(Duration.ofHours(1)));
            s.claimForDownload("job-download-01");
            s.recordProgress("job-download-01", 1024);

            s.insert(job("job-delivered-1", "photos", "archive-delivered", "ArchiveRetrieval"));
            s.markStaged("job-delivered-1", 500L, 500L, "d", "d", NOW.minus(Duration.ofHours(3)));
            s.claimForDownload("job-delivered-1");
            s.markDelivered("job-delivered-1", "file:/restored/holiday/beach.jpg", 500);

            s.insert(job("job-failed-0001", "photos", "archive-failed", "ArchiveRetrieval"));
            s.markFailed("job-failed-0001", "Glacier reports the job Failed: the archive was deleted");

            s.insert(job("job-renewed-001", "photos", "archive-renewed", "ArchiveRetrieval"));
            s.markStaged("job-renewed-001", 20L, 20L, "e", "e", NOW.minus(Duration.ofHours(30)));
            new io.thaw.store.JobClaims(s).markExpired("job-renewed-001", "job-requested-1",
                    "output expired before delivery: re-requested as job job-requested-1");

            Set<JobState> covered = EnumSet.noneOf(JobState.class);
            s.list(null).forEach(j -> covered.add(j.state()));
            assertEquals(EnumSet.allOf(JobState.class), covered, "the store holds a job in every state");
        }
    }

    static NewJob job(String id, String vault, String archive, String action) {
        return new NewJob(id, vault, "-", action, archive, "Bulk", null, null, null, "req.json", "h-" + id,
                "file:/restored", null);
    }

    record Run(int exit, String out, String err) {
    }

    static Run status(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "status";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int exit = new CommandLine(new Thaw()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The table row of a job, split into its columns (the last column may contain spaces). */
    static List<String> row(String table, String jobId) {
        String line = table.lines().filter(l -> l.contains(" " + JobRecord.shortId(jobId) + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + jobId + " in:\n" + table));
        return Arrays.asList(line.trim().split("\\s+", 9));
    }

    @Test
    void tableShowsEveryStateWithBytesProgressWindowAndLastError() {
        Run r = status();
        assertEquals(0, r.exit(), r.err());
        String t = r.out();
        assertTrue(t.startsWith("REQUESTED 2  STAGED 2  DOWNLOADING 1  DELIVERED 1  FAILED 1"), t);
        assertTrue(t.contains("STATE       VAULT            ARCHIVE    JOB"), t);

        List<String> requested = row(t, "job-requested-1");
        assertEquals(List.of("REQUESTED", "photos", "archive-", "job-requ", "-", "-"), requested.subList(0, 6));
        assertEquals("-", requested.get(7), "no window before Glacier finished the job");
        assertEquals("inventory", row(t, "job-inventory-1").get(2));

        List<String> staged = row(t, "job-staged-0001");
        assertEquals(List.of("STAGED", "photos", "archive-", "job-stag", "0/1000", "0%"), staged.subList(0, 6));
        assertTrue(staged.get(7).matches("2[12]h"), "about 22 h of the window left: " + staged);
        assertEquals("delivery to sftp://backup/restored failed: connection refused", staged.get(8));

        assertEquals("expired", row(t, "job-expired-001").get(7), "completed 25 h ago");

        List<String> downloading = row(t, "job-download-01");
        assertEquals(List.of("DOWNLOADING", "photos", "archive-", "job-down", "1024/4096", "25%"),
                downloading.subList(0, 6));
        assertTrue(downloading.get(7).matches("2[23]h"), downloading.toString());

        List<String> delivered = row(t, "job-delivered-1");
        assertEquals(List.of("DELIVERED", "photos", "archive-", "job-deli", "500/500", "100%"), delivered.subList(0, 6));
        assertEquals("-", delivered.get(7));
        assertEquals("file:/restored/holiday/beach.jpg", delivered.get(8));

        List<String> failed = row(t, "job-failed-0001");
        assertEquals(List.of("FAILED", "photos", "archive-", "job-fail", "-", "-"), failed.subList(0, 6));
        assertEquals("Glacier reports the job Failed: the archive was deleted", failed.get(8));
    }

    @Test
    void vaultFilterAndJsonOutput() throws IOException {
        Run music = status("--vault", "music");
        assertEquals(1, music.out().lines().filter(l -> l.contains(" job-")).count(), music.out());
        Run json = status("--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(2, root.path("counts").path("STAGED").asInt());
        assertEquals(1, root.path("counts").path("FAILED").asInt());
        assertEquals(8, root.path("jobs").size());
        for (JsonNode j : root.path("jobs")) {
            if (j.path("jobId").asText().equals("job-download-01")) {
                assertEquals("DOWNLOADING", j.path("state").asText());
                assertEquals(25, j.path("progressPercent").asInt());
                long left = j.path("windowLeftSeconds").asLong();
                assertTrue(left > 22 * 3600 && left <= 23 * 3600, "window left " + left);
            }
        }
    }

    @Test
    void theListIsAPageOfTheNewestWithAWayToMore() throws IOException {
        Run three = status("--limit", "3");
        assertEquals(0, three.exit(), three.err());
        List<String> rows = three.out().lines().filter(l -> l.contains(" job-")).toList();
        assertEquals(3, rows.size(), three.out());
        assertTrue(rows.get(0).contains(" job-rene "), "newest first: " + rows);
        assertTrue(three.out().contains("the newest 3 shown of 8 — --limit N, --state STATE, --vault V or --all"),
                three.out());

        Run all = status("--all");
        assertEquals(8, all.out().lines().filter(l -> l.contains(" job-")).count(), all.out());
        assertTrue(!all.out().contains("the newest"), all.out());

        Run failed = status("--state", "failed");
        assertEquals(List.of("FAILED"), failed.out().lines().filter(l -> l.contains(" job-"))
                .map(l -> l.split("\\s+")[0]).toList(), failed.out());

        JsonNode page = new ObjectMapper().readTree(status("--json", "--limit", "2").out());
        assertEquals(2, page.path("jobs").size());
        assertTrue(page.path("more").asBoolean());
        JsonNode every = new ObjectMapper().readTree(status("--json", "--all").out());
        assertEquals(8, every.path("jobs").size());
        assertTrue(!every.path("more").asBoolean());

        Run bad = status("--state", "frozen");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--state 'frozen' is not a job state — use one of [REQUESTED"), bad.err());
    }

    @Test
    void reportOfAnUnknownRunSaysSo() {
        Run none = status("--report", "run-7");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no run 'run-7' in the job"), none.err());
    }
}
