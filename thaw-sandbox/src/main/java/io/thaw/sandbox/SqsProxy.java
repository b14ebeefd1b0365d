package io.thaw.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * SQS: a real ElasticMQ embedded in this JVM on an internal port, its queue URLs pointing at the
 * edge. The edge forwards SQS requests unchanged (method, path and query, headers, body; JSON and
 * query protocol alike) and streams the reply back. SNS delivers into it directly, in batches
 * ({@link QueueDelivery}).
 */
final class SqsProxy implements SnsApi.QueueSender, AutoCloseable {

    /** Headers the JDK client sets itself (or forbids); everything else is forwarded. */
    private static final Set<String> SKIP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final SQSRestServer server;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final SqsClient client;
    private final QueueDelivery deliveries;
    private final SqsPolicies policies = new SqsPolicies();
    /** Queue name to URL, for SNS deliveries. */
    private final java.util.concurrent.ConcurrentMap<String, String> queueUrls =
            new java.util.concurrent.ConcurrentHashMap<>();

    SqsProxy(String edgeHost, int edgePort, String region, String accountId) {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withServerAddress(NodeAddress.apply("http", edgeHost, edgePort, ""))
                .withAWSAccountId(accountId).withAWSRegion(region).start();
        port = server.waitUntilStarted().localAddress().getPort();
        client = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .build();
        deliveries = new QueueDelivery(directEndpoint(), http);
    }

    /** ElasticMQ itself, without the edge (no request counts, no queue-policy checks). */
    URI directEndpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes(); // SQS requests are small (messages are at most 256 KiB)
        }
        String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        body = policies.remember(target, body);
        String pathAndQuery = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofMinutes(2));
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!SKIP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> rb.header(name, v));
            }
        });
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to ElasticMQ", e);
        }
        resp.headers().map().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!SKIP.contains(n) && !n.equals("date") && !n.startsWith(":")) {
                ex.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        if (target.endsWith(".GetQueueAttributes") && resp.statusCode() == 200) {
            byte[] reply;
            try (InputStream in = resp.body()) {
                reply = policies.addTo(target, body, in.readAllBytes());
            }
            ex.getResponseHeaders().remove("Content-Length");
            try (OutputStream out = ex.getResponseBody()) {
                ex.sendResponseHeaders(200, reply.length);
                out.write(reply);
            }
            return;
        }
        long length = resp.headers().firstValueAsLong("content-length").orElse(0);
        try (InputStream in = resp.body(); OutputStream out = ex.getResponseBody()) {
            ex.sendResponseHeaders(resp.statusCode(), length == 0 && resp.headers().firstValue("content-length")
                    .isPresent() ? -1 : length);
            in.transferTo(out);
        }
    }

    @Override
    public boolean send(String queueArn, String body) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        try {
            // Looked up once per queue, not once per notice (a GetQueueUrl call was half the cost of a send).
            String url = queueUrls.computeIfAbsent(name, n -> client.getQueueUrl(b -> b.queueName(n)).queueUrl());
            // The URL names the edge; the queue is addressed by its path, so send it to ElasticMQ directly.
            deliveries.send(url, body);
            return true;
        } catch (QueueDoesNotExistException e) {
            queueUrls.remove(name); // deleted since: looked up again next time (it may be created again)
            return false;
        }
    }

    @Override
    public void close() {
        deliveries.close();
        client.close();
        server.stopAndWait();
    }
}
