package io.thaw.glacier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * SigV4-signed Glacier requests over the JDK's HTTP client, the transport of {@link HttpGlacierReads} and
 * {@link HttpJobInitiation}: credentials from the SDK's providers, a refusal thrown as the SDK's exception for
 * its error code ({@link GlacierErrorBody}), a request that got no answer as {@code SdkClientException}.
 * At DEBUG ({@code --verbose}) one line per request, as the SDK's request log has: the call, method, path,
 * range and status, never a credential or a signature.
 */
public final class SignedHttp {

    private static final Logger LOG = LoggerFactory.getLogger(SignedHttp.class);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final URI endpoint;
    private final SigV4 signer;
    private final AwsCredentialsProvider credentials;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /**
     * @param endpoint       Glacier's endpoint (https://glacier.REGION.amazonaws.com, {@link HttpGlacierReads#endpointFor},
     *                       or the sandbox's)
     * @param maxConnections connections kept open for reuse, e.g. the parallel ranged requests' number: sets the
     *                       JDK's {@code http.maxConnections} unless already set (read once, at the first request)
     */
    public SignedHttp(URI endpoint, String region, AwsCredentialsProvider credentials, Duration connectTimeout,
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

    /**
     * Sends a signed request and returns the connection once it answered 2xx; a refusal is thrown as the SDK would.
     *
     * @param range a Range header, or null
     * @param body  a JSON body (POST), or null (GET)
     */
    HttpURLConnection send(String call, String range, byte[] body, String... segments) {
        StringBuilder path = new StringBuilder(endpoint.getRawPath() == null ? "" : stripSlash(endpoint.getRawPath()));
        StringBuilder canonical = new StringBuilder(path);
        for (String s : segments) {
            String once = SigV4.encode(s);
            path.append('/').append(once);
            canonical.append('/').append(SigV4.encode(once)); // non-S3 services sign the path encoded twice
        }
        String method = body == null ? "GET" : "POST";
        String payloadHash = body == null ? SigV4.EMPTY_PAYLOAD : SigV4.sha256Hex(body);
        long started = System.nanoTime();
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
            headers.put("x-amz-content-sha256", payloadHash);
            if (range != null) {
                headers.put("range", range);
            }
            AwsCredentials creds = credentials.resolveCredentials();
            if (creds instanceof AwsSessionCredentials session) {
                headers.put("x-amz-security-token", session.sessionToken());
            }
            String authorization = signer.authorization(creds.accessKeyId(), creds.secretAccessKey(), method,
                    canonical.toString(), headers, headers.get("x-amz-date"), payloadHash);
            headers.forEach((name, value) -> {
                if (!name.equals("host")) { // the JDK sends exactly this Host itself (hostHeader)
                    c.setRequestProperty(name, value);
                }
            });
            c.setRequestProperty("Authorization", authorization);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("User-Agent", "thaw/0.1");
            if (body != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} {}{} -> HTTP {} in {} ms", call, method, path, range == null ? "" : " " + range, status,
                        (System.nanoTime() - started) / 1_000_000);
            }
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

    static SdkClientException unanswered(String call, IOException e) {
        return SdkClientException.builder().message("Unable to execute HTTP request (" + call + "): " + e.getMessage())
                .cause(e).build();
    }
}
