package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * target/thaw-&lt;version&gt;.tar.gz as a user installs it: unpacked anywhere, bin/thaw started from an
 * unrelated empty folder finds its jar and runs with the defaults inside it.
 */
class DistributionIT {

    @Test
    void theTarballUnpacksAnywhereAndItsLauncherRuns() throws Exception {
        Path tarball;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            tarball = s.filter(f -> f.getFileName().toString().matches("thaw-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("run `mvn package` first: no target/thaw-<version>.tar.gz"));
        }
        Path root = Files.createDirectories(Path.of("target/test-work/dist-" + System.nanoTime()).toAbsolutePath());
        assertEquals(0, new ProcessBuilder("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", root.toString())
                .inheritIO().start().waitFor());
        Path dist;
        try (Stream<Path> s = Files.list(root)) {
            dist = s.findFirst().orElseThrow();
        }
        assertTrue(dist.getFileName().toString().startsWith("thaw-"), dist.toString());
        assertTrue(Files.isExecutable(dist.resolve("bin/thaw")));
        assertTrue(Files.isRegularFile(dist.resolve("thaw.jar")));
        assertTrue(Files.isRegularFile(dist.resolve("README.md")));
        assertEquals(Files.readString(Path.of("config/thaw.properties.example")),
                Files.readString(dist.resolve("config/thaw.properties.example")));

        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        ProcessBuilder pb = new ProcessBuilder(List.of(dist.resolve("bin/thaw").toString(), "config", "--docs"))
                .directory(elsewhere.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("THAW_"));
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertEquals(Files.readString(Path.of("docs/configuration.md")), out);
    }
}
