package io.thaw.glacier;

import io.thaw.ThawConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds the SDK v2 clients from thaw's settings: one region ({@code thaw.aws.region}), one optional
 * endpoint override for every service ({@code thaw.aws.endpoint}) and one for SQS alone
 * ({@code thaw.aws.sqs-endpoint}: an SQS VPC interface endpoint, or the sandbox's ElasticMQ reached
 * without its edge), credentials from the default AWS
 * chain or a named profile. Credentials never come from thaw's own files; the sandbox accepts any,
 * so {@code thaw run --local} uses fixed dummy ones ({@code thaw.aws.sandbox-credentials=true}).
 */
public final class AwsClients {

    private final ThawConfig config;

    public AwsClients(ThawConfig config) {
        this.config = config;
    }

    public Region region() {
        return Region.of(config.get("thaw.aws.region"));
    }

    public GlacierClient glacier() {
        return configure(GlacierClient.builder()).build();
    }

    /**
     * For the run pacer's InitiateJob calls: no SDK retries. The pacer's adaptive rate is the retry, and
     * it must see each ThrottlingException to slow down (the SDK's retries would hide them and block it).
     */
    public GlacierClient glacierWithoutRetries() {
        return configure(GlacierClient.builder()).overrideConfiguration(o -> o.retryStrategy(
                software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())).build();
    }

    public SqsClient sqs() {
        SqsClientBuilder b = configure(SqsClient.builder());
        String sqsEndpoint = config.get("thaw.aws.sqs-endpoint");
        if (sqsEndpoint != null) {
            b.endpointOverride(URI.create(sqsEndpoint));
        }
        return b.build();
    }

    public SnsClient sns() {
        return configure(SnsClient.builder()).build();
    }

    /** Applies region, endpoint, credentials and a connection pool sized for parallel ranged downloads. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.region(region()).credentialsProvider(credentials());
        // counts the retries the SDK makes on its own (thaw_aws_retries_total)
        builder.overrideConfiguration(o -> o.addExecutionInterceptor(new io.thaw.metrics.SdkRetries()));
        String endpoint = config.get("thaw.aws.endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        builder.httpClientBuilder(ApacheHttpClient.builder()
                .maxConnections(Integer.parseInt(config.get("thaw.aws.max-connections")))
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(Integer.parseInt(config.get("thaw.aws.socket-timeout-seconds")))));
        return builder;
    }

    AwsCredentialsProvider credentials() {
        if (Boolean.parseBoolean(config.get("thaw.aws.sandbox-credentials"))) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));
        }
        String profile = config.get("thaw.aws.profile");
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
