package io.thaw.camel.glacier;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the SDK clients an endpoint needs when none is bound, from the endpoint's options. */
final class GlacierClients {

    private GlacierClients() {
    }

    static GlacierClient glacier(GlacierConfiguration c) {
        return configure(GlacierClient.builder(), c).build();
    }

    static SqsClient sqs(GlacierConfiguration c) {
        return configure(SqsClient.builder(), c).build();
    }

    private static <B extends AwsClientBuilder<B, T>, T> B configure(B builder, GlacierConfiguration c) {
        if (c.getRegion() != null) {
            builder.region(Region.of(c.getRegion()));
        }
        if (c.isOverrideEndpoint()) {
            if (c.getUriEndpointOverride() == null) {
                throw new IllegalArgumentException("glacier endpoint of vault '" + c.getVaultName() + "' has"
                        + " overrideEndpoint=true but no uriEndpointOverride: set it to the service URL");
            }
            builder.endpointOverride(URI.create(c.getUriEndpointOverride()));
        }
        builder.credentialsProvider(credentials(c));
        return builder;
    }

    private static AwsCredentialsProvider credentials(GlacierConfiguration c) {
        if (c.isUseDefaultCredentialsProvider() || c.getAccessKey() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(c.getSessionToken() == null
                ? AwsBasicCredentials.create(c.getAccessKey(), c.getSecretKey())
                : AwsSessionCredentials.create(c.getAccessKey(), c.getSecretKey(), c.getSessionToken()));
    }
}
