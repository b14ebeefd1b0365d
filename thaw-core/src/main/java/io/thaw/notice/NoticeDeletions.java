package io.thaw.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes handled notices from the SQS queue ten at a time (DeleteMessageBatch) on a thread of its own.
 *
 * <p>Deleting each message as its exchange completes cost one SQS round trip per notice inside the
 * consumer thread: about half of a notice's handling time on a local queue, and more against real SQS
 * (10–20 ms a call). A notice whose delete is lost — thaw stops before the batch is sent, SQS refuses
 * it — comes back after the visibility timeout and is recognised as a duplicate (its job is already
 * final), so batching delays a delete but never loses or repeats work.
 *
 * <p>Not a Camel service on purpose: a bean that is one is stopped with the route that calls it, and a
 * route stopped and started again (the HTTP API, a user) would leave it stopped. thaw closes it when
 * the context stops, after the routes.
 */
public final class NoticeDeletions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeDeletions.class);
    private static final int BATCH = 10;          // SQS's limit per DeleteMessageBatch
    private static final long LINGER_MS = 20;     // how long a partial batch waits for more
    private static final int ATTEMPTS = 3;
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String STOP = new String("stop"); // compared by identity: no receipt handle is it

    private final SqsClient sqs;
    private final String queueUrl;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private Thread sender;

    public NoticeDeletions(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Called when a notice's exchange completed: the message is deleted with the next batch. */
    public void delete(String receiptHandle) {
        if (receiptHandle == null || receiptHandle.isEmpty()) {
            return;
        }
        if (stopping) {
            send(List.of(receiptHandle)); // a late exchange while stopping: delete at once
            return;
        }
        pending.add(receiptHandle);
    }

    /** Starts the sender thread; {@link #close()} sends what is pending and stops it. */
    public NoticeDeletions start() {
        stopping = false;
        sender = new Thread(this::run, "thaw-notice-deletions");
        sender.setDaemon(true);
        sender.start();
        return this;
    }

    /** Sends what is pending; the routes have stopped by now, so nothing more arrives. */
    @Override
    public void close() {
        stopping = true;
        pending.add(STOP);
        if (sender != null) {
            try {
                sender.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> rest = new ArrayList<>();
        pending.drainTo(rest);
        rest.removeIf(h -> h == STOP);
        for (int i = 0; i < rest.size(); i += BATCH) {
            send(rest.subList(i, Math.min(rest.size(), i + BATCH)));
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>(BATCH);
        boolean last = false;
        while (!last) {
            try {
                String next = pending.take();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
                while (next != null) {
                    if (next == STOP) {
                        last = true;
                        break;
                    }
                    batch.add(next);
                    if (batch.size() == BATCH) {
                        break;
                    }
                    next = pending.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                last = true;
            }
            if (!batch.isEmpty()) {
                send(batch);
                batch.clear();
            }
        }
    }

    private void send(List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i)).receiptHandle(handles.get(i))
                    .build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                for (BatchResultErrorEntry f : r.failed()) {
                    LOG.warn("SQS did not delete a handled notice ({} {}); it will be received again and skipped as a"
                            + " duplicate", f.code(), f.message());
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.warn("could not delete {} handled notice(s) from {} ({}); they will be received again after"
                            + " the visibility timeout and skipped as duplicates", handles.size(), queueUrl, e.toString());
                    return;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
