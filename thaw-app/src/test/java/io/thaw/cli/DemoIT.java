package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * `thaw demo` as a new user runs it: the packaged jar, started as a process in an empty folder (routes
 * and defaults are inside the jar). It must exit 0 and leave every demo
 * archive under work/outbox/ with the original bytes.
 */
class DemoIT {

    @Test
    void demoDeliversEveryArchiveIntact() throws Exception {
        Path jar = Path.of("target/thaw.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run `mvn package` first: " + jar);
        Path home = Files.createDirectories(Path.of("target/test-work/demo-" + System.nanoTime()));

        Process p = new ProcessBuilder(javaBin(), "-Xmx512m", "-jar", jar.toString(), "demo")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("demo.log").toFile()).start();
        boolean ended = p.waitFor(4, TimeUnit.MINUTES);
        String log = Files.readString(home.resolve("demo.log"), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "demo did not finish within 4 minutes:\n" + log);
        assertEquals(0, p.exitValue(), "demo exit code; output:\n" + log);
        assertTrue(log.contains("all 5 archives delivered and verified"), log);

        Path outbox = home.resolve("work/outbox");
        // Each original was generated into work/demo/originals; compare with what landed, by content.
        List<String> delivered = hashesUnder(outbox);
        try (Stream<Path> originals = Files.list(home.resolve("work/demo/originals"))) {
            for (Path o : originals.toList()) {
                assertTrue(delivered.contains(TreeHash.of(o)), "no delivered file has the bytes of " + o.getFileName());
            }
        }
        assertTrue(Files.exists(outbox.resolve("notes/readme.txt")), "plain-path description names the file");
        assertTrue(Files.exists(outbox.resolve("videos/holiday.mp4")), "CloudBerry description names the file");
        assertTrue(Files.exists(outbox.resolve("demo/renamed-mystery.bin")), "the request's name wins");
        try (Stream<Path> inv = Files.list(outbox.resolve("demo-photos"))) {
            assertTrue(inv.anyMatch(f -> f.getFileName().toString().matches("inventory-.*\\.json")), "inventory delivered");
        }
        assertTrue(Files.exists(home.resolve("work/demo/inbox/.error/broken.json.error.txt")));
        try (Stream<Path> all = Files.walk(outbox)) {
            assertFalse(all.anyMatch(f -> f.getFileName().toString().endsWith(".thaw-part")), "no partial files");
        }
    }

    static List<String> hashesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(f -> {
                try {
                    return TreeHash.of(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
