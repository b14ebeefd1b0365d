package io.thaw;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Route-level tests run thaw as a user does: the built-in routes and default settings with thaw's
 * beans, plus the overrides a test class needs (sandbox endpoint, queue, folders). Subclasses
 * start their servers in a static initializer, because the Camel context is created before any
 * {@code @BeforeAll} runs, and stop the context first in their {@code @AfterAll}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RouteTestSupport extends CamelMainTestSupport {

    /** Properties that override the built-in defaults for this test class. */
    protected abstract Properties overrides();

    @Override
    public void configureContext(CamelContextConfiguration c) {
        super.configureContext(c);
        Properties p = ThawConfig.load(List.of(), Map.of(), new Properties()).asProperties();
        p.putAll(overrides());
        c.withUseOverridePropertiesWithPropertiesComponent(p);
    }

    @Override
    protected void configure(MainConfigurationProperties c) {
        c.addConfiguration(ThawBeans.class);
        c.addConfiguration(RouteSet.class);
    }

    protected JobStore store() {
        return context.getRegistry().lookupByNameAndType("jobStore", JobStore.class);
    }

    /**
     * The settings every route test shares: its folders under {@code work}, a 200 ms inbox settle time,
     * short SQS waits and 1 MiB chunks (so small archives still download in several chunks). A test sets
     * what it needs differently afterwards.
     */
    protected static void routeDefaults(Properties p, Path work, Path inbox, Path outbox) {
        p.setProperty("thaw.inbox", inbox.toString());
        p.setProperty("thaw.inbox.settle-ms", "200");
        p.setProperty("thaw.store.url", "jdbc:h2:file:./" + work.resolve("db"));
        p.setProperty("thaw.destination.default", "file:" + outbox);
        p.setProperty("thaw.allowed-roots", "file:" + outbox);
        p.setProperty("thaw.staging", work.resolve("staging").toString());
        p.setProperty("thaw.notices.wait-seconds", "1");
        p.setProperty("thaw.notices.visibility-seconds", "5");
        p.setProperty("thaw.notices.error-folder", work.resolve("notices-error").toString());
        p.setProperty("thaw.download.chunk-mib", "1");
    }

    /** Pseudo-random bytes, the same for the same seed. */
    protected static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Uploads bytes as one archive through the SDK (the real protocol) and answers its id. */
    protected static String uploadArchive(GlacierClient glacier, String vault, Path scratch, byte[] data,
                                          String description) throws IOException {
        Path f = Files.createTempFile(scratch, "archive", ".bin");
        Files.write(f, data);
        String id = new ArchiveUploader(glacier).upload(vault, f, description).archiveId();
        Files.delete(f);
        return id;
    }

    /** Drops a request file as users should: written under a temporary name, then renamed into place. */
    protected static void dropRequest(Path inbox, String relative, String content) throws IOException {
        Path target = inbox.resolve(relative);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target);
    }
}
