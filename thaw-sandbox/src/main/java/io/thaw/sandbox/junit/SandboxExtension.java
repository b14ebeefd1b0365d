package io.thaw.sandbox.junit;

import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * JUnit 5 extension that runs a thaw sandbox (Glacier, SNS and SQS on one free port) for a test class:
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension aws = SandboxExtension.builder().jobDelays("Expedited=300ms").build();
 *
 * @Test
 * void restores(GlacierClient glacier) {
 *     glacier.createVault(b -> b.accountId("-").vaultName("photos"));
 *     ... aws.endpoint(), aws.region(), aws.sqs(), aws.sandbox().completeJobsNow() ...
 * }
 * }</pre>
 * Registered on a static field it starts before all tests and stops after them; on an instance field it
 * starts and stops around each test. Test methods and constructors may declare {@link Sandbox},
 * {@link GlacierClient}, {@link SnsClient} or {@link SqsClient} parameters. The clients are ready SDK v2
 * clients pointed at the sandbox (which takes any key); they are closed with it.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final AwsCredentialsProvider ANY_KEY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));

    private final SandboxOptions options;
    private Sandbox sandbox;
    private boolean perTest;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private GlacierClient glacier;
    private SnsClient sns;
    private SqsClient sqs;

    private SandboxExtension(SandboxOptions options) {
        this.options = options;
    }

    /** A sandbox on a free port, its data in a temporary folder, the default job delays. */
    public static SandboxExtension withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of the sandbox to start; the port is free (0) unless set. */
    public static final class Builder {

        private SandboxOptions options = SandboxOptions.defaults().withPort(0);

        private Builder() {
        }

        /** Per tier, e.g. {@code "Expedited=300ms,Standard=600ms,Bulk=900ms"}. */
        public Builder jobDelays(String spec) {
            options = options.withJobDelays(spec);
            return this;
        }

        /** Where archives and job outputs go (kept after the tests); a temporary folder, deleted, by default. */
        public Builder dataDir(Path dir) {
            options = options.withDataDir(dir);
            return this;
        }

        public Builder region(String region) {
            options = options.withRegion(region);
            return this;
        }

        /** Any other option, e.g. faults or output expiry. */
        public Builder options(java.util.function.UnaryOperator<SandboxOptions> change) {
            options = change.apply(options);
            return this;
        }

        public SandboxExtension build() {
            return new SandboxExtension(options);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (sandbox == null) { // registered on an instance field: one sandbox per test
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the sandbox now (for other extensions that build on this one); the port is bound on return. */
    public synchronized void start() {
        if (sandbox == null) {
            sandbox = Sandbox.start(options);
        }
    }

    /** Closes the clients and stops the sandbox. */
    public synchronized void stop() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a client of a stopping server: nothing to keep
            }
        }
        clients.clear();
        glacier = null;
        sns = null;
        sqs = null;
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    /** The running sandbox, for its test hooks (log, completeJobsNow, setFaults …). */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the sandbox is not running: register SandboxExtension with"
                    + " @RegisterExtension (static for the whole class) or call start()");
        }
        return sandbox;
    }

    /** {@code http://127.0.0.1:PORT}: Glacier, SNS and SQS all answer here. */
    public URI endpoint() {
        return sandbox().endpoint();
    }

    public String region() {
        return sandbox().region();
    }

    /** Static credentials; the sandbox accepts any. */
    public AwsCredentialsProvider credentials() {
        return ANY_KEY;
    }

    public synchronized GlacierClient glacier() {
        if (glacier == null) {
            glacier = keep(configure(GlacierClient.builder()).build());
        }
        return glacier;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = keep(configure(SnsClient.builder()).build());
        }
        return sns;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = keep(configure(SqsClient.builder()).build());
        }
        return sqs;
    }

    /**
     * Any SDK v2 client builder pointed at the sandbox: endpoint, region and credentials set, e.g.
     * {@code aws.configure(S3Client.builder()).build()}. The caller closes what it builds.
     */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        return pointedAt(builder, sandbox());
    }

    /** The same for any running sandbox: endpoint, region and credentials set on the builder. */
    public static <B extends AwsClientBuilder<B, C>, C> B pointedAt(B builder, Sandbox sandbox) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(ANY_KEY);
    }

    private <C extends AutoCloseable> C keep(C client) {
        clients.add(client);
        return client;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == Sandbox.class || t == GlacierClient.class || t == SnsClient.class || t == SqsClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        if (t == GlacierClient.class) {
            return glacier();
        }
        if (t == SnsClient.class) {
            return sns();
        }
        if (t == SqsClient.class) {
            return sqs();
        }
        return sandbox();
    }
}
