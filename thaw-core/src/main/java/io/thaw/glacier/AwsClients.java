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

    /** Connect timeout of the signed-request transports (the SDK clients keep their own). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

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
     * The reads of downloads, in {@code thaw fetch} and {@code thaw run} (DescribeJob, ranged GetJobOutput):
     * two signed GETs ({@link HttpGlacierReads}), since building the SDK client was most of fetch's
     * start-up and its pipeline most of the CPU of a small archive's GetJobOutput; the SDK client when
     * something is set that only it honours ({@link #sdkOnly}).
     */
    public GlacierReads glacierReads() {
        return sdkOnly("Glacier reads") ? GlacierReads.owning(glacier()) : httpReads();
    }

    /** The same, falling back to {@code shared}, a client the caller already has (and closes). */
    public GlacierReads glacierReads(GlacierClient shared) {
        return sdkOnly("Glacier reads") ? GlacierReads.sdk(shared) : httpReads();
    }

    private GlacierReads httpReads() {
        return new HttpGlacierReads(signedHttp());
    }

    /** thaw's own signed requests to Glacier, with the endpoint, credentials and timeouts of the SDK clients. */
    private SignedHttp signedHttp() {
        return new SignedHttp(glacierEndpoint(), region().id(), credentials(), CONNECT_TIMEOUT, readTimeout(),
                maxConnections());
    }

    /**
     * InitiateJob for the run pacer: one signed POST ({@link HttpJobInitiation}, no retries: the pacer's
     * adaptive rate is its retry), or {@code fallback} (an SDK client without retries) by the same rule as
     * {@link #glacierReads}.
     */
    public JobInitiation jobInitiation(GlacierClient fallback) {
        return sdkOnly("InitiateJob") ? JobInitiation.sdk(fallback) : new HttpJobInitiation(signedHttp());
    }

    private Duration readTimeout() {
        return Duration.ofSeconds(Integer.parseInt(config.get("thaw.aws.socket-timeout-seconds")));
    }

    private int maxConnections() {
        return Integer.parseInt(config.get("thaw.aws.max-connections"));
    }

    /** Why Glacier's reads and the pacer's InitiateJob go through the SDK client here, or null if they do not. */
    public String sdkOnlyReason() {
        return sdkOnly(System.getenv(), awsConfigFile());
    }

    /** Whether {@code what} must go through the SDK client ({@link #sdkOnly(java.util.Map, java.nio.file.Path)}); says why at DEBUG. */
    private boolean sdkOnly(String what) {
        String reason = sdkOnlyReason();
        if (reason != null) {
            org.slf4j.LoggerFactory.getLogger(AwsClients.class).debug("{} use the SDK client: {}", what, reason);
        }
        return reason != null;
    }

    private URI glacierEndpoint() {
        String endpoint = config.get("thaw.aws.endpoint");
        return endpoint != null ? URI.create(endpoint) : HttpGlacierReads.endpointFor(region().id());
    }

    /** Environment variables the SDK client acts on and {@link HttpGlacierReads} does not. */
    public static final java.util.List<String> SDK_ONLY_ENV = java.util.List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
            "http_proxy", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_GLACIER", "AWS_USE_FIPS_ENDPOINT",
            "AWS_USE_DUALSTACK_ENDPOINT");
    /** System properties of that kind (the JDK's own proxy properties apply to both transports). */
    static final java.util.List<String> SDK_ONLY_PROPERTIES = java.util.List.of("aws.endpointUrl",
            "aws.endpointUrlGlacier", "aws.useFipsEndpoint", "aws.useDualstackEndpoint");
    /** Profile settings ({@code ~/.aws/config}) of that kind. (Neither transport reads ca_bundle: the SDK for
     * Java trusts what the JVM trusts.) */
    static final java.util.List<String> SDK_ONLY_PROFILE = java.util.List.of("endpoint_url", "use_fips_endpoint",
            "use_dualstack_endpoint");

    /**
     * Why the SDK client must carry Glacier's reads, or null: an environment variable or profile setting
     * that changes the endpoint, its TLS trust or the route to it, or a region outside the partitions
     * whose Glacier endpoint {@link HttpGlacierReads#endpointFor} knows (an endpoint override covers any).
     */
    String sdkOnly(java.util.Map<String, String> env, java.nio.file.Path awsConfig) {
        for (String name : SDK_ONLY_ENV) {
            if (env.get(name) != null && !env.get(name).isBlank()) {
                return name + " is set";
            }
        }
        for (String name : SDK_ONLY_PROPERTIES) {
            if (System.getProperty(name) != null) {
                return "system property " + name + " is set";
            }
        }
        if (awsConfig != null && java.nio.file.Files.isRegularFile(awsConfig)) {
            try {
                String text = java.nio.file.Files.readString(awsConfig).toLowerCase(java.util.Locale.ROOT);
                for (String key : SDK_ONLY_PROFILE) {
                    if (text.contains(key)) {
                        return awsConfig + " sets " + key;
                    }
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return awsConfig + " could not be read (" + e.getMessage() + ")";
            }
        }
        if (config.get("thaw.aws.endpoint") == null && !region().id().matches("(?:[a-z]{2}|us-gov)-[a-z]+-\\d+")) {
            return "region " + region().id() + " is outside the aws, aws-cn and aws-us-gov partitions";
        }
        return null;
    }

    private static java.nio.file.Path awsConfigFile() {
        String file = System.getenv("AWS_CONFIG_FILE");
        return file != null ? java.nio.file.Path.of(file)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".aws", "config");
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

    public AwsCredentialsProvider credentials() {
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
