package io.thaw.setup;

import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Points thaw at a local Glacier/SNS/SQS endpoint such as thaw's sandbox: an SNS topic and an SQS queue
 * subscribed to it (what `thaw setup` does on real AWS), and the settings that route every client there.
 * In core, not in the command line, because tests of the routes wire their sandbox the same way.
 */
public final class LocalWiring {

    public static final String TOPIC = "thaw-notices";
    public static final String QUEUE = "thaw-notices";

    /** Topic ARN and queue URL of the notice path. */
    public record Wired(String topicArn, String queueUrl) {
    }

    private LocalWiring() {
    }

    /** Wires the notice path on the endpoint (a sandbox's, in this process or another) and points the settings at it. */
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
