package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Requests in flight grow while aggregate throughput rises, and stop growing when it does not. */
class ParallelRampTest {

    static final long CHUNK = 32L << 20;
    static final long SECOND = 1_000_000_000L;

    /** Each request carries {@code perConnection} bytes/s, the whole link at most {@code link}. */
    private static int settle(int max, double perConnection, double link) {
        ParallelRamp ramp = new ParallelRamp(max, 0);
        long now = 0;
        for (int round = 0; round < 40; round++) {
            int n = ramp.active();
            double rate = Math.min(n * perConnection, link);
            long roundNanos = (long) (n * CHUNK / rate * SECOND);
            for (int c = 0; c < n; c++) {
                now += roundNanos / n;
                ramp.finished(CHUNK, now);
            }
        }
        return ramp.active();
    }

    @Test
    void aDistantServiceGetsEveryAllowedConnection() {
        assertEquals(8, settle(8, 40 << 20, 10_000L << 20), "40 MiB/s per connection, fat link");
    }

    @Test
    void growthStopsWhereTheLinkOrTheCpuIsFull() {
        // the request that showed no gain stays (it costs a connection, not bandwidth)
        assertEquals(4, settle(8, 40 << 20, 120 << 20), "3 connections fill 120 MiB/s; the 4th added nothing");
        assertEquals(ParallelRamp.START + 1, settle(8, 900 << 20, 900 << 20), "loopback, CPU bound: a 3rd gained nothing");
    }

    @Test
    void neverBeyondTheMaximumNorBelowTheStart() {
        assertEquals(1, new ParallelRamp(1, 0).initial());
        ParallelRamp ramp = new ParallelRamp(3, 0);
        assertEquals(2, ramp.initial());
        assertFalse(ramp.finished(CHUNK, SECOND), "a round is as many chunks as requests in flight");
        assertTrue(ramp.finished(CHUNK, SECOND), "the first round always tries one more");
        assertEquals(3, settle(3, 40 << 20, 10_000L << 20));
    }
}
