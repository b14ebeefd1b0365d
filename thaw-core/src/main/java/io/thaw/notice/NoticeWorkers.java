package io.thaw.notice;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers the notice receiver hands each notice to (the route's {@code threads} step): a hand-off waits
 * until a worker is free. So the receiver never fetches an output itself — while it did (a pool that runs
 * rejected work on the caller), a multi-GiB download on its thread stopped all receiving, and the workers
 * that finished meanwhile sat idle — and it never takes more notices than the workers can start on.
 * Closed with the Camel context, after the routes have stopped.
 */
public final class NoticeWorkers extends ThreadPoolExecutor {

    private final Semaphore free;

    public NoticeWorkers(int workers) {
        // at most `workers` tasks exist at once (the permits), so the queue holds at most that many
        super(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads());
        free = new Semaphore(workers);
    }

    @Override
    public void execute(Runnable task) {
        try {
            free.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the notice stays in the queue: SQS delivers it again after its visibility timeout
            throw new RejectedExecutionException("stopping: notice not handed to a worker", e);
        }
        try {
            super.execute(task);
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        free.release();
    }

    private static java.util.concurrent.ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "notice-worker-" + n.incrementAndGet());
            t.setDaemon(true); // the context stops the routes (and waits for their exchanges) before this closes
            return t;
        };
    }
}
