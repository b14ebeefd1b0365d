package io.thaw.cli;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Loads, on a second core, what {@code thaw fetch}'s first Glacier call loads one class at a time on
 * the main thread, while the main thread parses the command line and reads the configuration:
 * <ol>
 *   <li>logging (first, so nothing else logs while SLF4J initializes — it would replay such lines with a
 *       warning on the console); the main thread waits for it in {@link #awaitLogging()};</li>
 *   <li>the JDK's default TLS context (the trust store's CA certificates), which the main thread's
 *       client build reaches last;</li>
 *   <li>a whole SDK call: a throwaway client (Apache HTTP client, SigV4 signer, endpoint rules, the
 *       service metadata table of every AWS service) makes a DescribeJob that an interceptor stops
 *       before anything is sent — nothing leaves the machine.</li>
 * </ol>
 * Whatever it fails to load the main thread loads itself, and reports, as it would have without it.
 */
public final class SdkWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch LOGGING = new CountDownLatch(1);

    private SdkWarmUp() {
    }

    /** Starts the warm-up once per JVM (main starts it as early as it can; the command again, in tests). */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                LoggerFactory.getILoggerFactory();
            } finally {
                LOGGING.countDown();
            }
            try {
                // TLS first: the main thread's client build needs it last, so here it is ready by then
                javax.net.ssl.SSLContext.getDefault();
                dryCall();
            } catch (Exception | LinkageError ignored) {
                // a warm-up only: the real client build meets (and reports) the same problem
            }
        }, "thaw-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Waits (briefly) until logging is initialized, before the main thread does anything that logs. */
    static void awaitLogging() {
        try {
            LOGGING.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void dryCall() {
        try (GlacierClient client = GlacierClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("warm-up", "warm-up")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(new StopBeforeSending()))
                .build()) {
            client.describeJob(b -> b.accountId("-").vaultName("warm-up").jobId("warm-up"));
        } catch (RuntimeException expected) {
            // StopBeforeSending, wrapped by the SDK
        }
    }

    /** Ends the dry call after marshalling and signing, before a byte is sent. */
    private static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new IllegalStateException("warm-up: not sent");
        }
    }
}
