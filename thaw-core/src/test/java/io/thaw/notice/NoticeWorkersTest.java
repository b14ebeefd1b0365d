package io.thaw.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The receiver's hand-off waits for a free worker: with both workers busy a third notice is neither run on
 * the receiver's thread (a long download there would stop all receiving) nor queued, and it starts as soon
 * as a worker is free.
 */
class NoticeWorkersTest {

    @Test
    void aHandOffWaitsForAFreeWorkerAndNeverRunsOnTheReceiver() throws Exception {
        NoticeWorkers workers = new NoticeWorkers(2);
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(2);
            Set<String> ranOn = ConcurrentHashMap.newKeySet();
            Runnable busy = () -> {
                ranOn.add(Thread.currentThread().getName());
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            workers.execute(busy);
            workers.execute(busy);
            assertTrue(started.await(10, TimeUnit.SECONDS));

            CountDownLatch third = new CountDownLatch(1);
            Thread receiver = new Thread(() -> workers.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                third.countDown();
            }), "receiver");
            receiver.start();
            receiver.join(300);
            assertTrue(receiver.isAlive(), "the hand-off waits while both workers are busy");
            assertEquals(0, workers.getQueue().size(), "nothing queued behind busy workers");
            assertFalse(third.await(100, TimeUnit.MILLISECONDS));

            release.countDown();
            assertTrue(third.await(10, TimeUnit.SECONDS), "handed off once a worker was free");
            receiver.join(10_000);
            assertFalse(ranOn.contains("receiver"), "ran on " + ranOn);
            assertTrue(ranOn.stream().allMatch(n -> n.startsWith("notice-worker-")), "ran on " + ranOn);
        } finally {
            workers.shutdownNow();
        }
    }
}
