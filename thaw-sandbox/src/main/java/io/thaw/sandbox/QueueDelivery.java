package io.thaw.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SNS's deliveries into the embedded ElasticMQ, made as SNS makes them: asynchronously, after Publish has
 * returned. One thread sends what has accumulated while its previous call was in flight, up to ten
 * messages per queue in one SendMessageBatch — one call per notice was the larger part of the sandbox's
 * CPU per archive in a whole-vault run, where thousands of jobs complete within a second. A notice waits
 * at most 100 ms for others to share its call (SNS's own delivery takes tens to hundreds of ms). The queue's
 * messages are the same as with one SendMessage each.
 *
 * <p>The call is SQS's JSON protocol posted with the JDK's HTTP client, which the edge already uses to
 * forward SQS requests. An SDK client spent about 3 ms of CPU per call in a 10,000-archive run (a fifth of the
 * sandbox's Java samples, with its own compilations), CPU that a real SNS does not take from the machine
 * thaw runs on.
 */
final class QueueDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDelivery.class);
    private static final int BATCH = 10; // SQS's limit per SendMessageBatch
    private static final long LINGER_MS = 100;
    private static final Message STOP = new Message(null, null);

    private record Message(String queueUrl, String body) { }

    private final URI endpoint;
    private final HttpClient http;
    private final BlockingQueue<Message> pending = new LinkedBlockingQueue<>();
    private final Thread sender;

    /** {@code endpoint}: ElasticMQ itself; {@code http}: a client shared with the edge's forwarding. */
    QueueDelivery(URI endpoint, HttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
        sender = new Thread(this::run, "sandbox-sns-delivery");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues {@code body} for the queue at {@code queueUrl}; sent by the delivery thread. */
    void send(String queueUrl, String body) {
        pending.add(new Message(queueUrl, body));
    }

    private void run() {
        List<Message> taken = new ArrayList<>();
        while (true) {
            try {
                taken.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(taken, 1000);
            linger(taken);
            boolean stop = taken.remove(STOP);
            Map<String, List<String>> byQueue = new LinkedHashMap<>();
            taken.forEach(m -> byQueue.computeIfAbsent(m.queueUrl(), u -> new ArrayList<>()).add(m.body()));
            taken.clear();
            byQueue.forEach(this::sendAll);
            if (stop) {
                return;
            }
        }
    }

    /**
     * A notice alone waits up to {@link #LINGER_MS} for others, so a steady trickle (one completion every few
     * ms) fills batches instead of making one call per notice; a burst or a full batch goes at once.
     */
    private void linger(List<Message> taken) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        while (taken.size() < BATCH && !taken.contains(STOP)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Message m = pending.poll(left, TimeUnit.NANOSECONDS);
                if (m == null) {
                    return;
                }
                taken.add(m);
                pending.drainTo(taken, 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendAll(String queueUrl, List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += BATCH) {
            ObjectNode request = Replies.JSON.createObjectNode().put("QueueUrl", queueUrl);
            ArrayNode entries = request.putArray("Entries");
            for (int i = from; i < Math.min(bodies.size(), from + BATCH); i++) {
                entries.addObject().put("Id", Integer.toString(i - from)).put("MessageBody", bodies.get(i));
            }
            String failure = post(request);
            if (failure != null) {
                LOG.warn("sandbox: SNS delivery of {} message(s) to {} failed: {}; dropped", entries.size(), queueUrl,
                        failure);
            }
        }
    }

    /** Sends one SendMessageBatch; returns null when every entry was taken, else what SQS said. */
    private String post(ObjectNode request) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "AmazonSQS.SendMessageBatch")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Replies.JSON.writeValueAsBytes(request)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode reply = r.body().length == 0 ? Replies.JSON.createObjectNode() : Replies.JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode() + " " + reply.path("__type").asText() + " "
                        + reply.path("message").asText(reply.path("Message").asText());
            }
            List<String> failed = new ArrayList<>();
            reply.path("Failed").forEach(f -> failed.add(f.path("Id").asText() + ": " + f.path("Code").asText()
                    + " " + f.path("Message").asText()));
            return failed.isEmpty() ? null : String.join("; ", failed);
        } catch (IOException | RuntimeException e) {
            return e.toString(); // logged and dropped, as SNS drops what it cannot deliver; the thread goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Sends what is queued, then stops. */
    @Override
    public void close() {
        pending.add(STOP);
        try {
            sender.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
