package io.thaw.deliver;

import io.thaw.ThawConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;

/**
 * Builds the S3 client thaw delivers with, from the same settings as the other AWS clients:
 * {@code thaw.aws.region}, {@code thaw.aws.endpoint} (an S3-compatible server or the sandbox) and
 * {@code thaw.aws.profile}; credentials come from the default AWS chain, never from thaw's files.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client using the default credentials chain (or thaw.aws.profile when set). */
    public static S3Client create(ThawConfig config, boolean pathStyle) {
        String profile = config.get("thaw.aws.profile");
        AwsCredentialsProvider credentials = profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(profile);
        return create(config, pathStyle, credentials);
    }

    public static S3Client create(ThawConfig config, boolean pathStyle, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(config.get("thaw.aws.region", "us-east-1")))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle);
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
