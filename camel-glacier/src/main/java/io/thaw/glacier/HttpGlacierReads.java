package io.thaw.glacier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@link GlacierReads} as two SigV4-signed GETs over the JDK's HTTP client, for the downloads of
 * {@code thaw fetch} and {@code thaw run}: the SDK client's build (its pipeline, endpoint rules and the
 * metadata of every AWS service) took most of fetch's start-up, ~1 s of class loading before the first
 * byte, and its per-call pipeline (interceptors, marshalling, Apache HTTP) much of the CPU a small
 * archive costs a whole-vault run. What it keeps from the SDK: the
 * credential providers (the default chain or a profile) and the exception types, built the way the SDK
 * builds them from Glacier's error body, so retries and messages do not depend on the transport. What
 * it leaves out: the SDK's own retries (the downloader and {@link GlacierRetry} retry every call) and
 * whatever only the SDK client honours (proxies from the environment, FIPS or dual-stack endpoints,
 * endpoints from the environment or the profile): {@code AwsClients} picks the SDK client when any is set.
 */
public final class HttpGlacierReads implements GlacierReads {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final URI endpoint;
    private final SigV4 signer;
    private final AwsCredentialsProvider credentials;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /**
     * @param endpoint       Glacier's endpoint (https://glacier.REGION.amazonaws.com, or the sandbox's)
     * @param maxConnections connections kept open for reuse, the parallel ranged requests' number: sets the
     *                       JDK's {@code http.maxConnections} unless already set (read once, at the first request)
     */
    public HttpGlacierReads(URI endpoint, String region, AwsCredentialsProvider credentials, Duration connectTimeout,
                            Duration readTimeout, int maxConnections) {
        this.endpoint = endpoint;
        this.signer = new SigV4(region, "glacier");
        this.credentials = credentials;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.readTimeoutMillis = (int) readTimeout.toMillis();
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(Math.max(5, maxConnections)));
        }
    }

    /** Glacier's public endpoint in a region of the aws, aws-cn or aws-us-gov partition. */
    public static URI endpointFor(String region) {
        return URI.create("https://glacier." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
    }

    @Override
    public DescribedJob describeJob(String account, String vault, String jobId) {
        HttpURLConnection c = send("DescribeJob", null, account, "vaults", vault, "jobs", jobId);
        try (InputStream in = c.getInputStream(); JsonParser p = JSON.createParser(in)) {
            return described(p);
        } catch (IOException e) {
            throw unanswered("DescribeJob", e);
        }
    }

    @Override
    public Output getJobOutput(String account, String vault, String jobId, String range) {
        HttpURLConnection c = send("GetJobOutput", range, account, "vaults", vault, "jobs", jobId, "output");
        try {
            return new Output(c.getInputStream(), c.getHeaderField("x-amz-sha256-tree-hash"),
                    c.getHeaderField("x-amz-archive-description"), c::disconnect);
        } catch (IOException e) {
            throw unanswered("GetJobOutput", e);
        }
    }

    /** Sends a signed GET and returns the connection once it answered 2xx; a refusal is thrown as the SDK would. */
    private HttpURLConnection send(String call, String range, String... segments) {
        StringBuilder path = new StringBuilder(endpoint.getRawPath() == null ? "" : stripSlash(endpoint.getRawPath()));
        StringBuilder canonical = new StringBuilder(path);
        for (String s : segments) {
            String once = SigV4.encode(s);
            path.append('/').append(once);
            canonical.append('/').append(SigV4.encode(once)); // non-S3 services sign the path encoded twice
        }
        try {
            URL url = endpoint.resolve(path.toString()).toURL();
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setInstanceFollowRedirects(false);
            SortedMap<String, String> headers = new TreeMap<>();
            headers.put("host", hostHeader(url));
            headers.put("x-amz-date", AMZ_DATE.format(Instant.now()));
            headers.put("x-amz-glacier-version", "2012-06-01");
            headers.put("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD);
            if (range != null) {
                headers.put("range", range);
            }
            AwsCredentials creds = credentials.resolveCredentials();
            if (creds instanceof AwsSessionCredentials session) {
                headers.put("x-amz-security-token", session.sessionToken());
            }
            String authorization = signer.authorization(creds.accessKeyId(), creds.secretAccessKey(), "GET",
                    canonical.toString(), headers, headers.get("x-amz-date"));
            headers.forEach((name, value) -> {
                if (!name.equals("host")) { // the JDK sends exactly this Host itself (hostHeader)
                    c.setRequestProperty(name, value);
                }
            });
            c.setRequestProperty("Authorization", authorization);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("User-Agent", "thaw/0.1");
            int status = c.getResponseCode();
            if (status / 100 != 2) {
                throw GlacierErrorBody.exception(status, c.getHeaderField("x-amzn-RequestId"), c.getErrorStream());
            }
            return c;
        } catch (IOException e) {
            throw unanswered(call, e);
        }
    }

    private static String stripSlash(String p) {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The Host header the JDK sends: the port only when it is not the scheme's default. */
    static String hostHeader(URL url) {
        int port = url.getPort();
        return port == -1 || port == url.getDefaultPort() ? url.getHost() : url.getHost() + ":" + port;
    }

    private static SdkClientException unanswered(String call, IOException e) {
        return SdkClientException.builder().message("Unable to execute HTTP request (" + call + "): " + e.getMessage())
                .cause(e).build();
    }

    private static DescribedJob described(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("DescribeJob's answer is not a JSON object");
        }
        Boolean completed = null;
        Long archiveSize = null;
        Long inventorySize = null;
        String format = null;
        java.util.Map<String, String> text = new java.util.HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "Completed" -> completed = v == JsonToken.VALUE_NULL ? null : p.getValueAsBoolean();
                case "ArchiveSizeInBytes" -> archiveSize = v == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
                case "InventorySizeInBytes" -> inventorySize = v == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
                case "InventoryRetrievalParameters" -> format = formatOf(p, v);
                default -> {
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else if (v != JsonToken.VALUE_NULL) {
                        text.put(field, p.getValueAsString());
                    }
                }
            }
        }
        return new DescribedJob(completed, text.get("StatusCode"), text.get("StatusMessage"), text.get("Action"),
                text.get("ArchiveId"), archiveSize, inventorySize, text.get("ArchiveSHA256TreeHash"),
                text.get("SHA256TreeHash"), text.get("RetrievalByteRange"), format, text.get("Tier"),
                text.get("JobDescription"), text.get("CreationDate"), text.get("CompletionDate"));
    }

    private static String formatOf(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            return null;
        }
        String format = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("Format") && t == JsonToken.VALUE_STRING) {
                format = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return format;
    }
}
