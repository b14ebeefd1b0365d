package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * bin/thaw-cds and bin/thaw as a user runs them after `mvn package`: the training run (the demo, then a
 * whole-vault run) writes a class-data-sharing archive next to the jar, and bin/thaw starts with it — proven by the class-load
 * log, which names the archive as the source of thaw's own classes. A jar rebuilt after the
 * archive was made must still start (the archive is then ignored).
 */
class LauncherIT {

    @Test
    void trainingWritesAnArchiveThatTheLauncherUses() throws Exception {
        // the JVM running the tests (Java 17): a dynamic class-data-sharing archive on top of the JDK's own
        trainThenStart(Map.of(), "thaw.jsa", "io.thaw.Thaw source: shared objects file (top)");
    }

    @Test
    void onJava25AndLaterTrainingWritesAnAheadOfTimeCacheThatTheLauncherUses() throws Exception {
        Path jdk = newestJdk(25);
        Assumptions.assumeTrue(jdk != null, "no JDK 25 or later under /usr/lib/jvm");
        trainThenStart(Map.of("JAVA_HOME", jdk.toString()), "thaw.aot", "io.thaw.ThawConfig source: shared objects file");
    }

    private void trainThenStart(Map<String, String> javaEnv, String archive, String loadedFromIt) throws Exception {
        Path jar = Path.of("target/thaw.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run `mvn package` first: " + jar);
        Path home = Files.createDirectories(Path.of("target/test-work/launcher-" + System.nanoTime()).toAbsolutePath());
        Path copy = Files.copy(jar, home.resolve("thaw.jar"));
        Map<String, String> env = new java.util.HashMap<>(javaEnv);
        env.put("THAW_JAR", copy.toString());

        // The training is the demo and then a whole-vault run (200 archives here, 2,000 by default)
        Map<String, String> training = new java.util.HashMap<>(env);
        training.put("THAW_CDS_VAULT_RUN", "200");
        Result cds = run(training, "bin/thaw-cds");
        assertEquals(0, cds.exit(), cds.output());
        assertTrue(cds.output().contains("thaw demo: whole-vault run of 200 archives delivered and verified"),
                cds.output());
        assertTrue(Files.size(home.resolve(archive)) > 1_000_000, cds.output());

        Map<String, String> logging = new java.util.HashMap<>(env);
        logging.put("JAVA_OPTS", "-Xlog:class+load=info");
        Result version = run(logging, "bin/thaw", "--version");
        assertEquals(0, version.exit(), "the archive was not usable: " + version.output());
        assertTrue(version.output().contains("thaw 0.1.0"), version.output());
        assertTrue(version.output().contains(loadedFromIt), "thaw's classes did not come from " + archive);

        Path file = home.resolve("data.bin");
        Files.write(file, new byte[3 * TreeHash.LEAF + 5]);
        Result hash = run(env, "bin/thaw", "treehash", file.toString());
        assertEquals(0, hash.exit(), hash.output());
        assertTrue(hash.output().startsWith(TreeHash.of(file)), hash.output());

        // The jar changes after training: the stale archive is ignored, silently.
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Result stale = run(env, "bin/thaw", "--version");
        assertEquals(0, stale.exit(), stale.output());
        assertEquals("thaw 0.1.0", stale.output().strip(), "nothing but the version on a stale archive");
    }

    /** A JDK under /usr/lib/jvm whose release file says Java {@code min} or later, or null. */
    static Path newestJdk(int min) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var dirs = Files.list(jvms)) {
            for (Path d : (Iterable<Path>) dirs.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Path release = d.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(d.resolve("bin/java"))) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)")
                            .matcher(Files.readString(release));
                    if (m.find() && Integer.parseInt(m.group(1)) >= min) {
                        return d;
                    }
                }
            }
        }
        return null;
    }

    record Result(int exit, String output) { }

    static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), out);
    }
}
