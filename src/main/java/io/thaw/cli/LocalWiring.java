package io.thaw.cli;

import io.thaw.sandbox.Sandbox;
import io.thaw.setup.NoticeSetup;
import io.thaw.setup.SetupOptions;
import io.thaw.setup.SetupResult;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Points thaw at an in-process sandbox: an SNS topic and an SQS queue subscribed to it (what
 * `thaw setup` does on real AWS), and the settings that route every client to the sandbox.
 */
public final class LocalWiring {

    public static final String TOPIC = "thaw-notices";
    public static final String QUEUE = "thaw-notices";

    /** Topic ARN and queue URL of the notice path. */
    public record Wired(String topicArn, String queueUrl) {
    }

    private LocalWiring() {
    }

    public static Wired wire(Sandbox sandbox, Properties overrides) {
        return wire(sandbox.endpoint(), sandbox.region(), overrides);
    }

    /** The same, for a sandbox in another process (its endpoint and region). */
    public static Wired wire(java.net.URI endpoint, String regionName, Properties overrides) {
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));
        Region region = Region.of(regionName);
        try (SnsClient sns = SnsClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(creds).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(region)
                     .credentialsProvider(creds).build()) {
            // The same wiring `thaw setup` makes on AWS, minus the vault notifications (no vault exists yet):
            // jobs name the topic themselves (thaw.jobs.sns-topic).
            SetupResult r = new NoticeSetup(sns, sqs, null, regionName)
                    .run(new SetupOptions(null, "-", TOPIC, QUEUE, false, 10, false, false));
            String topicArn = r.topicArn();
            String queueUrl = r.queueUrl();
            overrides.setProperty("thaw.aws.endpoint", endpoint.toString());
            overrides.setProperty("thaw.aws.region", regionName);
            overrides.setProperty("thaw.aws.sandbox-credentials", "true");
            overrides.setProperty("thaw.notices.queue-url", queueUrl);
            overrides.setProperty("thaw.jobs.sns-topic", topicArn);
            return new Wired(topicArn, queueUrl);
        }
    }
}
