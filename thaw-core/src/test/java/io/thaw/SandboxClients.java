package io.thaw;

import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.junit.SandboxExtension;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK v2 clients a test uses to act on a sandbox it started itself (see {@link SandboxExtension}). */
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
        return SandboxExtension.pointedAt(builder, sandbox);
    }
}
