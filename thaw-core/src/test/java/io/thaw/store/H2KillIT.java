package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The default store (H2 file, as the settings model's default thaw.store.url) survives SIGKILL at any
 * instant: a process writes jobs through their whole life as fast as it can and is killed at random
 * moments, several times over the same database, also while {@link H2Housekeeping} frees and rewrites
 * chunks. After each kill every commit it reported is there, and the indexes still work for updates and
 * deletes of every row (H2 once answered "Row not found when trying to delete from index" after such a
 * kill).
 */
class H2KillIT {

    static final List<String> ORDER = List.of("REQUESTED", "DOWNLOADING", "STAGED", "DOWNLOADING", "DELIVERED");

    @Test
    void everyReportedCommitSurvivesKillNine() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/test-work/h2-kill-" + System.nanoTime())).toAbsolutePath();
        String url = "jdbc:h2:file:" + dir.resolve("thaw-db") + ";AUTO_SERVER=TRUE";
        Random rnd = new Random(Long.getLong("thaw.crash.seed", System.nanoTime()));
        Map<Integer, Integer> reported = new HashMap<>();
        int next = 0;
        for (int kill = 0; kill < 3; kill++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(), url,
                    Integer.toString(next)).redirectError(dir.resolve("writer-" + kill + ".log").toFile()).start();
            int lines = 100 + rnd.nextInt(300);
            // the first kill comes early; the later ones after 6-12 s, while H2Housekeeping frees chunks older
            // than its 5 s and moves live pages out of sparse ones
            long until = System.nanoTime() + (kill == 0 ? 0 : (6_000 + rnd.nextInt(6_000)) * 1_000_000L);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("open", r.readLine(), "the writer opened the store");
                for (int n = 0; n < lines || System.nanoTime() < until; n++) {
                    String line = r.readLine();
                    assertTrue(line != null, "the writer died by itself: " + Files.readString(dir.resolve("writer-" + kill + ".log")));
                    String[] f = line.split(" ");
                    reported.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
                }
                // SIGKILL while it keeps writing (kill(1): Process.destroyForcibly would also close its output)
                new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
                p.waitFor();
                for (String line; (line = r.readLine()) != null; ) { // what it reported before it died
                    String[] f = line.split(" ");
                    reported.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
                }
            }
            next = reported.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;

            try (JobStore store = JobStore.open(url, null, null)) {
                for (Map.Entry<Integer, Integer> e : reported.entrySet()) {
                    JobRecord j = store.find("job-" + e.getKey()).orElse(null);
                    String said = ORDER.get(e.getValue());
                    assertTrue(j != null, "job-" + e.getKey() + " was reported " + said + " but is lost");
                    // the process may have committed one more step than it got to print
                    String oneMore = e.getValue() + 1 < ORDER.size() ? ORDER.get(e.getValue() + 1) : said;
                    assertTrue(j.state().name().equals(said) || j.state().name().equals(oneMore),
                            "job-" + e.getKey() + " was reported " + said + " but the store says " + j.state());
                }
                // every index entry can still be found: update and delete each row through its indexes
                List<JobRecord> all = store.list("v");
                int rows = all.size();
                // the next writer goes on after the last job committed, which may be one it was killed before
                // reporting (a commit that returned just before the SIGKILL)
                next = Math.max(next, all.stream().mapToInt(j -> Integer.parseInt(j.jobId().substring(4))).max()
                        .orElse(-1) + 1);
                Instant now = Instant.now();
                assertEquals(rows, store.update("update thaw_job set next_attempt_at = ?, state = state where vault = ?",
                        now, "v"));
                store.update("delete from thaw_chunk where job_id like 'job-%'");
                store.forEach(null, JobState.DELIVERED,
                        j -> assertEquals(JobState.DELIVERED, store.find(j.jobId()).orElseThrow().state()));
            }
            System.out.println("H2 kill " + kill + ": " + reported.size() + " jobs reported, all present");
        }
        io.thaw.TestDirs.delete(dir);
    }
}
