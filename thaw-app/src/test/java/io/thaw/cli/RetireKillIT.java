package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A {@code thaw retire --confirm} process killed with SIGKILL in the middle of its (slowly paced)
 * deletes, then run again: the rerun resumes the same retire, finishes with no error, and every archive
 * is deleted and listed in the manifest exactly once.
 */
class RetireKillIT {

    @Test
    void killNineInTheMiddleThenRerunFinishesWithoutDoubleCounting() throws Exception {
        try (RetireFixture x = new RetireFixture("retire-kill", 8, 0, "2")) {
            x.deliveredAgo(Duration.ofDays(30));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.thaw.Thaw", "retire", "--config", x.config.toString(), "--vault", x.vault, "--confirm")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            AtomicInteger deleted = new AtomicInteger();
            StringBuilder err = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (err) {
                            err.append(line).append('\n');
                        }
                        if (line.startsWith("thaw retire: deleted ")) {
                            deleted.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process was killed
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (deleted.get() < 3 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the retire finished before it could be killed:\n" + err);
            child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean-up
            reader.join(5000);
            long left = x.archivesInVault();
            assertTrue(left > 0 && left < 8, "killed in the middle: " + left + " archives left\n" + err);

            FetchFixture.Run rerun = x.retire("--confirm");
            assertEquals(0, rerun.exit(), rerun.err() + rerun.out());
            assertTrue(rerun.err().contains("resuming"), rerun.err());
            assertFalse(rerun.err().contains("Exception"), rerun.err());
            assertEquals(0, x.archivesInVault());
            assertTrue(rerun.out().matches("(?s).*deleted\\s+8 archives.*"), rerun.out());

            List<String> rows;
            try (var s = Files.list(x.reports)) {
                List<Path> manifests = s.filter(p -> p.toString().endsWith("-manifest.csv")).toList();
                assertEquals(1, manifests.size(), "one retire, resumed: one manifest");
                rows = Files.readAllLines(manifests.get(0)).stream().skip(1).toList();
            }
            assertEquals(8, rows.size(), String.join("\n", rows));
            Set<String> ids = rows.stream().map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toSet());
            assertEquals(x.archives.stream().map(FetchFixture.Archive::archiveId).collect(Collectors.toSet()), ids);
        }
    }
}
