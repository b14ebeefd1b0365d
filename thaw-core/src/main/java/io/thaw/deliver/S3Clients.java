package io.thaw.deliver;

import io.thaw.ThawConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;

/**
 * Builds the S3 client thaw delivers with, from the same settings as the other AWS clients:
 * {@code thaw.aws.region}, {@code thaw.aws.endpoint} (an S3-compatible server or the sandbox) and
 * {@code thaw.aws.profile}; credentials come from the default AWS chain, never from thaw's files.
 * A destination may name its own endpoint, region and profile (an S3-compatible server, a bucket in
 * another region than the vault): {@link Options}.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * What one S3 client is built for; destinations with equal options share a client.
     *
     * @param endpoint  endpoint override, or null for AWS
     * @param region    the bucket's region, or null for thaw.aws.region
     * @param pathStyle path-style addressing (http://host/bucket/key)
     * @param profile   named AWS profile, or null for thaw.aws.profile / the default chain
     */
    public record Options(String endpoint, String region, boolean pathStyle, String profile) {
    }

    /** A client for one destination's options; unset options fall back to thaw.aws.*. */
    public static S3Client create(ThawConfig config, Options o) {
        ThawConfig c = config;
        if (o.endpoint() != null) {
            c = c.with("thaw.aws.endpoint", o.endpoint());
        }
        if (o.region() != null) {
            c = c.with("thaw.aws.region", o.region());
        }
        if (o.profile() != null) {
            c = c.with("thaw.aws.profile", o.profile());
        }
        return create(c, o.pathStyle());
    }

    /** A client using the default credentials chain (or thaw.aws.profile when set). */
    public static S3Client create(ThawConfig config, boolean pathStyle) {
        String profile = config.get("thaw.aws.profile");
        AwsCredentialsProvider credentials;
        if (profile != null) {
            credentials = ProfileCredentialsProvider.create(profile);
        } else if (Boolean.parseBoolean(config.get("thaw.aws.sandbox-credentials"))) {
            // the same fixed dummy keys the Glacier/SNS/SQS clients use against the sandbox (thaw run --local)
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return create(config, pathStyle, credentials);
    }

    public static S3Client create(ThawConfig config, boolean pathStyle, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(config.get("thaw.aws.region")))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                // counts the retries the SDK makes on its own (thaw_aws_retries_total)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new io.thaw.metrics.SdkRetries()));
        String endpoint = config.get("thaw.aws.endpoint");
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    /**
     * Path-style addressing (http://host/bucket/key) is what S3-compatible servers usually need, so it
     * is the default whenever thaw.aws.endpoint points somewhere else than AWS.
     */
    public static boolean defaultPathStyle(ThawConfig config) {
        return config.get("thaw.aws.endpoint") != null;
    }
}
