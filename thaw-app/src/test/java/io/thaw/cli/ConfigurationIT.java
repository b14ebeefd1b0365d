package io.thaw.cli;

import io.thaw.setup.LocalWiring;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Issue 13's acceptance, with the packaged jar as a user runs it: `java -jar target/thaw.jar` in an
 * empty folder, no config/ or routes/ next to it. Configured by environment variables alone it
 * delivers an archive from the sandbox to a plain folder path; a --config file with two keys keeps
 * the other defaults and the routes, and operator routes add to and replace built-in ones by id;
 * configuration mistakes exit 2 with one line.
 */
class ConfigurationIT {

    private static final Path JAR = Path.of("target/thaw.jar").toAbsolutePath();

    @Test
    void environmentVariablesAloneDeliverAnArchiveToAPlainFolderPath() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run `mvn package` first: " + JAR);
        Path home = emptyFolder("env-only");
        byte[] data = new byte[3 * 1024 * 1024 + 777];
        new Random(13).nextBytes(data);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(home.resolve("../sandbox-"
                + home.getFileName())).withJobDelays("Expedited=1s,Standard=1s,Bulk=1s"))) {
            Properties wired = new Properties();
            LocalWiring.wire(sandbox.endpoint(), sandbox.region(), wired);
            String archiveId;
            try (GlacierClient glacier = GlacierClient.builder().endpointOverride(sandbox.endpoint())
                    .region(Region.of(sandbox.region())).credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("sandbox", "sandbox"))).build()) {
                glacier.createVault(b -> b.accountId("-").vaultName("photos"));
                Path f = Files.write(home.resolveSibling(home.getFileName() + ".bin"), data);
                archiveId = new ArchiveUploader(glacier).upload("photos", f, "holiday.bin").archiveId();
            }
            Path restored = home.resolveSibling(home.getFileName() + "-restored");   // a plain absolute path
            Map<String, String> env = Map.of(
                    "THAW_AWS_ENDPOINT", sandbox.endpoint().toString(),
                    "THAW_AWS_REGION", sandbox.region(),
                    "THAW_AWS_SANDBOX_CREDENTIALS", "true",
                    "THAW_NOTICES_QUEUE_URL", wired.getProperty("thaw.notices.queue-url"),
                    "THAW_JOBS_SNS_TOPIC", wired.getProperty("thaw.jobs.sns-topic"),
                    "THAW_NOTICES_WAIT_SECONDS", "1",
                    "THAW_INBOX", "requests",
                    "THAW_DESTINATION_DEFAULT", restored.toString());
            Process p = start(home, env, "run");
            try {
                String ready = await(home, l -> l.contains("thaw ready: "), p);
                assertTrue(ready.contains("inbox " + home.resolve("requests")), ready);
                assertTrue(ready.contains("notices " + wired.getProperty("thaw.notices.queue-url")), ready);
                assertTrue(ready.contains("store jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE, api off"), ready);
                Path request = home.resolve("requests/restore.json.tmp");
                Files.writeString(request, "{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\""
                        + archiveId + "\",\"Tier\":\"Expedited\"},\"name\":\"holiday.bin\"}");
                Files.move(request, home.resolve("requests/restore.json"));
                Path delivered = restored.resolve("holiday.bin");
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!Files.exists(delivered) && System.nanoTime() < deadline && p.isAlive()) {
                    Thread.sleep(200);
                }
                assertTrue(Files.exists(delivered), "not delivered to " + delivered + ":\n" + log(home));
                assertArrayEquals(data, Files.readAllBytes(delivered));
            } finally {
                stop(p);
            }
        }
    }

    @Test
    void aConfigFileWithTwoKeysKeepsTheDefaultsAndTheRoutesAndOperatorRoutesReplaceById() throws Exception {
        Path home = emptyFolder("two-keys");
        Files.writeString(home.resolve("two.properties"), "thaw.inbox=drop\nthaw.inbox.settle-ms=300\n");
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("routes/mine.camel.yaml"), """
                - route:
                    id: inventory-timer
                    description: The operator's own inventory timer
                    from:
                      uri: timer:operator-inventory?repeatCount=1
                      steps:
                        - log: "operator route replaced inventory-timer"
                - route:
                    id: operator-hello
                    description: An added route
                    from:
                      uri: timer:operator-hello?repeatCount=1
                      steps:
                        - log: "operator route added"
                """);
        Process p = start(home, Map.of(), "run", "--local", "--config", "two.properties");
        try {
            String ready = await(home, l -> l.contains("thaw ready: "), p);
            assertTrue(ready.contains("inbox " + home.resolve("drop")), ready);
            assertTrue(ready.contains("store jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE"), ready);
            await(home, l -> l.contains("operator route replaced inventory-timer"), p);
            await(home, l -> l.contains("operator route added"), p);
            assertTrue(log(home).contains("built-in routes replaced by id: inventory-timer; added: operator-hello"), log(home));
            // 8 built-in routes start with a notice queue (delivered-event and the API are off): one added.
            assertTrue(ready.contains("thaw ready: 9 routes"), ready);
        } finally {
            stop(p);
        }
        Result config = run(home, Map.of(), "config", "--config", "two.properties");
        assertEquals(0, config.exit(), config.output());
        assertTrue(config.output().contains("thaw.inbox=drop    # --config two.properties"), config.output());
        assertTrue(config.output().contains("thaw.download.chunk-mib=32    # default"), config.output());
    }

    @Test
    void anEnvironmentVariableSetsAKeyNoFileHolds() throws Exception {
        Path home = emptyFolder("env-key");
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/application.properties"), "thaw.aws.region=eu-west-1\n");
        Result r = run(home, Map.of("THAW_NAMING_OVERRIDES", "/etc/thaw/names.csv", "THAW_API_TOKEN", "t0ken"), "config");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("thaw.naming.overrides=/etc/thaw/names.csv    # environment THAW_NAMING_OVERRIDES"),
                r.output());
        assertTrue(r.output().contains("thaw.aws.region=eu-west-1    # " + Path.of("config/application.properties")),
                r.output());
        assertTrue(r.output().contains("thaw.api.token=***    # environment THAW_API_TOKEN"), r.output());
        assertFalse(r.output().contains("t0ken"), "secrets are masked");
    }

    @Test
    void aMisspeltKeyExits2WithTheSuggestion() throws Exception {
        Path home = emptyFolder("typo");
        Files.writeString(home.resolve("my.properties"), "thaw.notices.queue-ulr=https://sqs.us-east-1.amazonaws.com/1/q\n");
        Result r = run(home, Map.of(), "run", "--config", "my.properties");
        assertEquals(2, r.exit(), r.output());
        assertEquals("thaw: unknown setting thaw.notices.queue-ulr (from --config my.properties) — did you mean"
                + " thaw.notices.queue-url? (thaw config --docs lists every setting)", r.output().strip());
    }

    @Test
    void aMalformedDurationExits2WithOneLineNamingKeyAndSource() throws Exception {
        Path home = emptyFolder("duration");
        Result r = run(home, Map.of("THAW_RECONCILE_GRACE", "half an hour"), "run");
        assertEquals(2, r.exit(), r.output());
        assertEquals("thaw: thaw.reconcile.grace='half an hour' (from environment THAW_RECONCILE_GRACE) is not a"
                + " duration — write e.g. PT10M, 30s, 5m or 2h", r.output().strip());
    }

    private static Path emptyFolder(String name) throws IOException {
        return Files.createDirectories(Path.of("target/test-work/config-" + name + "-" + System.nanoTime()).toAbsolutePath());
    }

    private static Process start(Path home, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(DemoIT.javaBin(), "-Xmx512m", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("thaw.log").toFile());
        clean(pb.environment());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** THAW_* variables of the machine running the tests would leak into the process under test. */
    private static void clean(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("THAW_") || k.startsWith("CAMEL_"));
    }

    record Result(int exit, String output) { }

    private static Result run(Path home, Map<String, String> env, String... args) throws Exception {
        Process p = start(home, env, args);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "thaw " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), log(home));
    }

    private static String await(Path home, Predicate<String> line, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (String l : log(home).lines().toList()) {
                if (line.test(l)) {
                    return l;
                }
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such line; thaw " + (p.isAlive() ? "still runs" : "exited " + p.exitValue())
                + ":\n" + log(home));
    }

    private static String log(Path home) throws IOException {
        Path f = home.resolve("thaw.log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
