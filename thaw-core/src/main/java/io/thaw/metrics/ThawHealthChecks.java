package io.thaw.metrics;

import io.thaw.store.JobStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * thaw's readiness checks, bound into the Camel registry (Camel's health registry picks up every
 * HealthCheck bean): job store, notice queue, Glacier. Each AWS probe is one cheap call with its own
 * short timeout, so a health request never hangs for the SDK's full retry budget.
 */
public final class ThawHealthChecks {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private ThawHealthChecks() {
    }

    /** A JDBC URL without its parameters (;… for H2, ?… for PostgreSQL): they may hold a password. */
    static String withoutParameters(String jdbcUrl) {
        return jdbcUrl.replaceAll("[;?].*", "");
    }

    public static List<ReachabilityCheck> of(JobStore store, String storeUrl, SqsClient sqs, String queueUrl,
                                             GlacierClient glacier, String account, String region) {
        return List.of(
                new ReachabilityCheck("thaw-store", "job store " + withoutParameters(storeUrl),
                        "check thaw.store.url, thaw.store.user and that the database is running", () -> {
                            try (Connection c = store.dataSource().getConnection()) {
                                if (!c.isValid((int) PROBE_TIMEOUT.toSeconds())) {
                                    throw new IllegalStateException("the connection does not answer");
                                }
                            }
                            return null;
                        }),
                new ReachabilityCheck("thaw-sqs", queueUrl == null ? "notice queue" : "SQS queue " + queueUrl,
                        "check thaw.notices.queue-url, thaw.aws.region and sqs:GetQueueAttributes permission", () -> {
                            if (queueUrl == null) {
                                return "not configured (thaw.notices.queue-url unset: no notices are read)";
                            }
                            String n = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                                    .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)))
                                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                            return n + " message(s) waiting";
                        }),
                new ReachabilityCheck("thaw-glacier", "Glacier in " + region,
                        "check the network, thaw.aws.region, thaw.aws.endpoint and glacier:ListVaults permission",
                        () -> {
                            glacier.listVaults(b -> b.accountId(account).limit("1")
                                    .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
                            return null;
                        }));
    }
}
