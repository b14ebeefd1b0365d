package io.thaw;

import io.thaw.sandbox.Sandbox;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK v2 clients a test uses to act on a sandbox as a user's tools would (the sandbox takes any key). */
public final class SandboxClients {

    private SandboxClients() {
    }

    public static GlacierClient glacier(Sandbox sandbox) {
        return pointedAt(GlacierClient.builder(), sandbox).build();
    }

    public static SqsClient sqs(Sandbox sandbox) {
        return pointedAt(SqsClient.builder(), sandbox).build();
    }

    public static SnsClient sns(Sandbox sandbox) {
        return pointedAt(SnsClient.builder(), sandbox).build();
    }

    private static <B extends AwsClientBuilder<B, C>, C> B pointedAt(B builder, Sandbox sandbox) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")));
    }
}
