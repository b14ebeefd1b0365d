package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SNS's deliveries into SQS go on after a call fails: a connection dropped without a reply (an I/O error,
 * which the SDK client used before threw as an unchecked exception that ended the delivery thread) and an SQS
 * error reply are each logged and dropped, and the next notice is delivered. Against a real HTTP server on
 * loopback that fails the first two calls.
 */
class QueueDeliveryTest {

    @Test
    void aFailedCallDropsItsBatchAndTheNextNoticeIsStillDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BlockingQueue<JsonNode> delivered = new LinkedBlockingQueue<>();
        HttpServer sqs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sqs.createContext("/", ex -> {
            JsonNode request = Replies.JSON.readTree(ex.getRequestBody().readAllBytes());
            int call = calls.incrementAndGet();
            if (call == 1) {
                ex.close(); // no status line: the client sees an I/O error
                return;
            }
            byte[] reply = (call == 2 ? "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"busy\"}"
                    : "{\"Successful\":[{\"Id\":\"0\"}],\"Failed\":[]}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(call == 2 ? 500 : 200, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
            if (call > 2) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("target",
                        ex.getRequestHeaders().getFirst("X-Amz-Target"));
                delivered.add(request);
            }
        });
        sqs.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        QueueDelivery deliveries = new QueueDelivery(URI.create("http://127.0.0.1:" + sqs.getAddress().getPort()), http);
        try {
            for (String notice : new String[] {"first", "second", "third"}) {
                int before = calls.get();
                deliveries.send("http://sandbox/000000000000/q", notice);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (calls.get() == before && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            }
            JsonNode third = delivered.poll(10, TimeUnit.SECONDS);
            assertTrue(third != null, "the notice after two failed calls never reached SQS: " + calls.get() + " call(s)");
            assertEquals("third", third.path("Entries").get(0).path("MessageBody").asText());
            assertEquals("AmazonSQS.SendMessageBatch", third.path("target").asText());
            assertEquals("http://sandbox/000000000000/q", third.path("QueueUrl").asText());
            assertEquals(3, calls.get(), "each failed batch is dropped, not sent again");
        } finally {
            deliveries.close();
            sqs.stop(0);
        }
    }
}
