package io.thaw.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real SDK v2 clients pointed at a sandbox (credentials test/test, us-east-1). */
final class Clients {

    private static final StaticCredentialsProvider CREDS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private Clients() {
    }

    static GlacierClient glacier(Sandbox s) {
        return GlacierClient.builder().endpointOverride(s.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .httpClient(ApacheHttpClient.create()).build();
    }

    /** A Glacier client that never retries, so every injected fault is visible. */
    static GlacierClient glacierNoRetry(Sandbox s) {
        return GlacierClient.builder().endpointOverride(s.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build();
    }

    static SnsClient sns(Sandbox s) {
        return SnsClient.builder().endpointOverride(s.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .httpClient(ApacheHttpClient.create()).build();
    }

    static SqsClient sqs(Sandbox s) {
        return SqsClient.builder().endpointOverride(s.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .httpClient(ApacheHttpClient.create()).build();
    }

    static URI uri(Sandbox s, String path) {
        return URI.create(s.endpoint() + path);
    }

    static byte[] bytes(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    static String text(InputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    /** Deterministic pseudo-random bytes (small archives for tests). */
    static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
