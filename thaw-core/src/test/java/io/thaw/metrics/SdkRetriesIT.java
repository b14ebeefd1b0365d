package io.thaw.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thaw.ThawConfig;
import io.thaw.glacier.AwsClients;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Issue 12: throttling and 5xx that the AWS SDK retries inside a call are counted. The sandbox injects
 * them into ListJobs; every injected fault is retried by the SDK except the last one of a call that
 * gave up, so the counter must equal faults injected minus calls that failed — by reason.
 */
class SdkRetriesIT {

    @Test
    void everyRetryTheSdkMakesIsCountedWithServiceOperationAndReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ThawMetrics.install(registry, null);
        Faults faults = new Faults(0.3, 0.2, 0, 0, 42);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withFaults(faults))) {
            Map<String, String> settings = Map.of(
                    "thaw.aws.endpoint", sandbox.endpoint().toString(),
                    "thaw.aws.region", sandbox.region(),
                    "thaw.aws.sandbox-credentials", "true");
            AwsClients aws = new AwsClients(ThawConfig.of(settings::get, settings::keySet));
            int failedThrottled = 0;
            int failed5xx = 0;
            try (GlacierClient glacier = aws.glacier()) {
                glacier.createVault(b -> b.accountId("-").vaultName("v"));
                for (int i = 0; i < 60; i++) {
                    try {
                        glacier.listJobs(b -> b.accountId("-").vaultName("v"));
                    } catch (AwsServiceException gaveUp) {
                        if (gaveUp.statusCode() >= 500) {
                            failed5xx++;
                        } else {
                            failedThrottled++;
                        }
                    }
                }
            }
            long throttled = sandbox.log().faults(Faults.Kind.THROTTLE);
            long errors = sandbox.log().faults(Faults.Kind.ERROR500);
            assertTrue(throttled > 10 && errors > 5, "enough faults injected: " + throttled + " / " + errors);
            assertEquals(throttled - failedThrottled, count(registry, "throttling"), "throttling retries");
            assertEquals(errors - failed5xx, count(registry, "5xx"), "5xx retries");
        } finally {
            ThawMetrics.install(new SimpleMeterRegistry(), null);
        }
    }

    static double count(SimpleMeterRegistry registry, String reason) {
        Counter c = registry.find("thaw.aws.retries").tags("service", "Glacier", "operation", "ListJobs", "reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }
}
