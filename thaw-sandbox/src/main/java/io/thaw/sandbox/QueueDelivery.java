package io.thaw.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SNS's deliveries into the embedded ElasticMQ, made as SNS makes them: asynchronously, after Publish has
 * returned. One thread sends what has accumulated while its previous call was in flight, up to ten
 * messages per queue in one SendMessageBatch — one call per notice was the larger part of the sandbox's
 * CPU per archive in a whole-vault run, where thousands of jobs complete within a second. A notice waits
 * at most 100 ms for others to share its call (SNS's own delivery takes tens to hundreds of ms). The queue's
 * messages are the same as with one SendMessage each.
 */
final class QueueDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDelivery.class);
    private static final int BATCH = 10; // SQS's limit per SendMessageBatch
    private static final long LINGER_MS = 100;
    private static final Message STOP = new Message(null, null);

    private record Message(String queueUrl, String body) { }

    private final SqsClient client;
    private final BlockingQueue<Message> pending = new LinkedBlockingQueue<>();
    private final Thread sender;

    QueueDelivery(SqsClient client) {
        this.client = client;
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
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + BATCH); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i - from))
                        .messageBody(bodies.get(i)).build());
            }
            try {
                SendMessageBatchResponse r = client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                r.failed().forEach(f -> LOG.warn("sandbox: SNS delivery to {} failed: {} {}; message dropped",
                        queueUrl, f.code(), f.message()));
            } catch (SqsException e) {
                LOG.warn("sandbox: SNS delivery of {} message(s) to {} failed: {}; dropped", entries.size(), queueUrl,
                        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            }
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
