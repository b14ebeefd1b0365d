package io.thaw.testing;

import io.thaw.Eventually;
import io.thaw.TestDirs;
import io.thaw.ThawConfig;
import io.thaw.setup.LocalWiring;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.junit.SandboxExtension;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * thaw's routes against a sandbox, as a user runs them: a sandbox on a free port (through
 * {@link SandboxExtension}), the notice path wired as {@code thaw setup} makes it, the built-in routes and
 * defaults with thaw's beans (a Camel Main in this JVM), and the test's folders under
 * {@code target/test-work/}.
 * <pre>{@code
 * @RegisterExtension
 * static ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=300ms,Standard=600ms,Bulk=900ms")
 *         .set("thaw.inventory.vaults", "photos")
 *         .before(t -> t.glacier().createVault(b -> b.accountId("-").vaultName("photos")));
 * }</pre>
 * On a static field all of it starts before the class's tests and stops after them; on an instance field
 * around each test. The order at start: folders, store (H2 file, or PostgreSQL with {@link #postgres()}),
 * sandbox, wiring, the {@link #before} steps (seed data, settings that need the sandbox), then the routes
 * — unless {@link #withoutRoutes()}, when the test starts {@link #startInstance instances} or
 * {@link #startProcess processes} itself. The folders are deleted when every test passed.
 */
public final class ThawRoutes implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestWatcher {

    /** A step run once the sandbox is up and wired, before the routes start. */
    @FunctionalInterface
    public interface Step {
        void run(ThawRoutes thaw) throws Exception;
    }

    private String jobDelays = "Expedited=300ms,Standard=600ms,Bulk=900ms";
    private boolean wire = true;
    private boolean routes = true;
    private boolean usePostgres;
    private Duration timeout = Duration.ofSeconds(60);
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Step> afterSteps = new ArrayList<>();

    private SandboxExtension sandbox;
    private EmbeddedPostgres pg;
    private Path work;
    private Properties props;
    private LocalWiring.Wired wired;
    private ThawInstance main;
    private final List<ThawInstance> instances = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private boolean running;
    private boolean perTest;
    private boolean failed;

    private ThawRoutes() {
    }

    public static ThawRoutes withSandbox() {
        return new ThawRoutes();
    }

    // ---- options (before start) ----

    /** The sandbox's job delays per tier (default 300 ms / 600 ms / 900 ms). */
    public ThawRoutes jobDelays(String spec) {
        jobDelays = spec;
        return this;
    }

    /** A setting on top of the test defaults (see {@link #start}). */
    public ThawRoutes set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Runs a step once the sandbox is up and wired, before the routes start. */
    public ThawRoutes before(Step step) {
        steps.add(step);
        return this;
    }

    /** Runs a step once the routes stopped, before the sandbox stops (e.g. closing servers they deliver to). */
    public ThawRoutes after(Step step) {
        afterSteps.add(step);
        return this;
    }

    /** The store is an embedded PostgreSQL (zonky) instead of an H2 file. */
    public ThawRoutes postgres() {
        usePostgres = true;
        return this;
    }

    /**
     * No notice path (polling only: no queue, no topic on the jobs), unless the test makes its own (e.g. with
     * {@code thaw setup}) and sets its settings in a {@link #before} step.
     */
    public ThawRoutes withoutWiring() {
        wire = false;
        return this;
    }

    /** No routes started: the test starts {@link #startInstance instances} or {@link #startProcess processes}. */
    public ThawRoutes withoutRoutes() {
        routes = false;
        return this;
    }

    /** The default timeout of {@link #await(String, BooleanSupplier)} (60 s). */
    public ThawRoutes timeout(Duration t) {
        timeout = t;
        return this;
    }

    // ---- lifecycle ----

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!running) { // registered on an instance field: one set-up per test
            perTest = true;
            start(context.getRequiredTestClass().getSimpleName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            failed |= context.getExecutionException().isPresent(); // TestWatcher hears of it only afterwards
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (running) {
            stop();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    /**
     * Starts everything. The test defaults: every folder under {@code work()} (nothing in the shared
     * {@code work/} of the checkout, so test JVMs can run side by side), a 200 ms inbox settle time, short
     * SQS waits, 1 MiB chunks (so small archives still download in several chunks); then {@link #set} values.
     */
    private void start(String testName) throws Exception {
        running = true;
        failed = false;
        try {
            startAll(testName);
        } catch (Exception | Error e) {
            failed = true; // keep the folder to look at
            try {
                stop();
            } catch (Exception second) {
                e.addSuppressed(second);
            }
            throw e;
        }
    }

    private void startAll(String testName) throws Exception {
        work = Files.createDirectories(Path.of("target", "test-work",
                testName.toLowerCase(Locale.ROOT) + "-" + System.nanoTime())).toAbsolutePath();
        props = new Properties();
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        props.setProperty("thaw.inbox", inbox.toString());
        props.setProperty("thaw.inbox.settle-ms", "200");
        props.setProperty("thaw.destination.default", "file:" + outbox());
        props.setProperty("thaw.allowed-roots", "file:" + outbox());
        props.setProperty("thaw.staging", work.resolve("staging").toString());
        props.setProperty("thaw.notices.wait-seconds", "1");
        props.setProperty("thaw.notices.visibility-seconds", "5");
        props.setProperty("thaw.notices.error-folder", work.resolve("notices-error").toString());
        props.setProperty("thaw.download.chunk-mib", "1");
        props.setProperty("thaw.runs.inventory-folder", "file:" + work.resolve("inventories"));
        props.setProperty("thaw.runs.report-folder", work.resolve("reports").toString());
        if (usePostgres) {
            pg = EmbeddedPostgres.builder().start();
            props.setProperty("thaw.store.url", pg.getJdbcUrl("postgres", "postgres"));
            props.setProperty("thaw.store.user", "postgres");
        } else {
            props.setProperty("thaw.store.url", "jdbc:h2:file:" + work.resolve("thaw-db") + ";AUTO_SERVER=TRUE");
        }
        sandbox = SandboxExtension.builder().jobDelays(jobDelays).dataDir(work.resolve("sandbox")).build();
        sandbox.start();
        props.setProperty("thaw.aws.endpoint", sandbox.endpoint().toString());
        props.setProperty("thaw.aws.region", sandbox.region());
        props.setProperty("thaw.aws.sandbox-credentials", "true");
        if (wire) {
            wired = LocalWiring.wire(sandbox.endpoint(), sandbox.region(), props);
        } else { // polling only, until the test sets a queue
            props.setProperty("thaw.notices.queue-url", "");
            props.setProperty("thaw.jobs.sns-topic", "");
        }
        settings.forEach(props::setProperty);
        for (Step s : steps) {
            s.run(this);
        }
        if (routes) {
            main = ThawInstance.start("thaw", config(props));
        }
    }

    private void stop() throws Exception {
        running = false;
        try {
            for (Process p : processes) {
                kill(p);
            }
            processes.clear();
            for (ThawInstance i : instances) {
                i.stop();
            }
            instances.clear();
            if (main != null) {
                main.stop(); // consumers first, then the servers they read from
                main = null;
            }
            for (Step s : afterSteps) {
                s.run(this);
            }
        } finally {
            if (sandbox != null) {
                sandbox.stop();
                sandbox = null;
            }
            if (pg != null) {
                pg.close();
                pg = null;
            }
        }
        if (!failed) {
            TestDirs.delete(work); // archives, outputs and deliveries take room; kept when a test failed
        }
    }

    // ---- what the test uses ----

    public Sandbox sandbox() {
        return sandbox.sandbox();
    }

    public SandboxExtension aws() {
        return sandbox;
    }

    public GlacierClient glacier() {
        return sandbox.glacier();
    }

    public SqsClient sqs() {
        return sandbox.sqs();
    }

    public SnsClient sns() {
        return sandbox.sns();
    }

    /** The topic and queue of the notice path. */
    public LocalWiring.Wired wired() {
        if (wired == null) {
            throw new IllegalStateException("no notice path: this ThawRoutes was built withoutWiring()");
        }
        return wired;
    }

    /** This test's folder (absolute), under target/test-work/. */
    public Path work() {
        return work;
    }

    public Path inbox() {
        return Path.of(props.getProperty("thaw.inbox"));
    }

    /** The default destination (created by thaw on the first delivery). */
    public Path outbox() {
        return work.resolve("outbox");
    }

    /** The settings the routes start with; change them in a {@link #before} step. */
    public Properties properties() {
        return props;
    }

    public String jdbcUrl() {
        return props.getProperty("thaw.store.url");
    }

    /** The embedded PostgreSQL of {@link #postgres()}. */
    public EmbeddedPostgres pg() {
        return pg;
    }

    /** The running routes' Camel context. */
    public CamelContext context() {
        return routes().context();
    }

    public ProducerTemplate template() {
        return routes().template();
    }

    /** The running routes' job store. */
    public JobStore store() {
        return routes().bean("jobStore", JobStore.class);
    }

    /** A store of its own on thaw's database, for tests whose routes run elsewhere; the caller closes it. */
    public JobStore openStore() {
        return JobStore.open(jdbcUrl(), props.getProperty("thaw.store.user"), null);
    }

    private ThawInstance routes() {
        if (main == null) {
            throw new IllegalStateException("no routes in this JVM: this ThawRoutes was built withoutRoutes()");
        }
        return main;
    }

    /** Waits up to the default timeout until the condition holds, else fails naming what was awaited. */
    public void await(String what, BooleanSupplier condition) {
        Eventually.await(what, timeout, condition);
    }

    public void await(String what, Duration within, BooleanSupplier condition) {
        Eventually.await(what, within, condition);
    }

    /** The job of an archive in the running routes' store, or null. */
    public JobRecord jobFor(String archiveId) {
        return store().list(null).stream().filter(j -> archiveId.equals(j.archiveId())).findFirst().orElse(null);
    }

    /** Waits until the archive's job is DELIVERED and answers it. */
    public JobRecord awaitDelivered(String archiveId) {
        await("archive " + archiveId.substring(0, 8) + " delivered", () -> {
            JobRecord j = jobFor(archiveId);
            return j != null && j.state() == JobState.DELIVERED;
        });
        return jobFor(archiveId);
    }

    /** Uploads bytes as one archive through the SDK (the real protocol) and answers its id. */
    public String upload(String vault, byte[] data, String description) throws IOException {
        Path f = Files.createTempFile(work, "archive", ".bin");
        try {
            Files.write(f, data);
            return new ArchiveUploader(glacier()).upload(vault, f, description).archiveId();
        } finally {
            Files.delete(f);
        }
    }

    /** Drops a request file as users should: written under a temporary name, then renamed into place. */
    public void drop(String relative, String content) throws IOException {
        drop(inbox(), relative, content);
    }

    public static void drop(Path inbox, String relative, String content) throws IOException {
        Path target = inbox.resolve(relative);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target);
    }

    /** Pseudo-random bytes, the same for the same seed. */
    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- more thaws: instances in this JVM, processes ----

    /**
     * Another thaw in this JVM on the same settings, store, queue and destination, with an inbox, staging
     * folder, notice error folder and instance id of its own ({@code instance-NAME}).
     */
    public ThawInstance startInstance(String name) throws Exception {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty("thaw.inbox", Files.createDirectories(work.resolve("inbox-" + name)).toString());
        p.setProperty("thaw.staging", work.resolve("staging-" + name).toString());
        p.setProperty("thaw.notices.error-folder", work.resolve("errors-" + name).toString());
        p.setProperty("thaw.instance.id", "instance-" + name);
        p.setProperty("camel.main.name", "thaw-" + name);
        ThawInstance i = ThawInstance.start(name, config(p));
        instances.add(i);
        return i;
    }

    /** Stops the instances {@link #startInstance} started (the extension does it at the end otherwise). */
    public void stopInstances() throws InterruptedException {
        for (ThawInstance i : instances) {
            i.stop();
        }
        instances.clear();
    }

    /** The settings as a properties file in the work folder, for {@code thaw run --config FILE}. */
    public Path writeConfig() throws IOException {
        Path config = work.resolve("thaw.properties");
        Files.writeString(config, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n", StandardCharsets.UTF_8);
        return config;
    }

    /** thaw's routes as a separate JVM (as `thaw run --config FILE` runs them) on these settings, output to the log. */
    public Process startProcess(Path log) throws IOException {
        Path config = writeConfig();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                io.thaw.RoutesProcessMain.class.getName(), config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** SIGKILL, and wait until the process is gone. */
    public static void kill(Process p) throws IOException, InterruptedException {
        if (p.isAlive()) {
            new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
        }
        p.waitFor();
    }

    /** The built-in defaults (no environment, no system properties) with these settings on top. */
    private static ThawConfig config(Properties p) {
        ThawConfig cfg = ThawConfig.load(List.of(), Map.of(), new Properties());
        for (String key : p.stringPropertyNames()) {
            cfg = cfg.with(key, p.getProperty(key));
        }
        return cfg;
    }
}
