package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(8, settle(8, 40 << 20, 300L << 20), "a link of 7.5 connections: 8 still gained 3/4 of ideal");
    }

    @Test
    void theMaximumIsReachedInTwoRounds() {
        ParallelRamp ramp = new ParallelRamp(8, 0);
        long now = 0;
        int chunks = 0;
        while (ramp.active() < 8 && chunks < 100) {
            now += SECOND / ramp.active(); // 1 s per chunk and connection
            ramp.finished(CHUNK, now);
            chunks++;
        }
        assertEquals(8, ramp.active());
        assertEquals(6, chunks, "2 chunks at 2 requests, 4 at 4: 2 -> 4 -> 8");
    }

    @Test
    void growthStopsWhereTheLinkOrTheCpuIsFull() {
        // the requests that showed too little gain stay (they cost connections, not bandwidth)
        assertEquals(4, settle(8, 40 << 20, 100 << 20), "2.5 connections fill 100 MiB/s: 4 gained 25 %, not the 100 % ideal");
        assertEquals(2 * ParallelRamp.START, settle(8, 900 << 20, 900 << 20), "loopback, CPU bound: 4 gained nothing");
    }

    @Test
    void neverBeyondTheMaximumNorBelowTheStart() {
        assertEquals(1, new ParallelRamp(1, 0).initial());
        ParallelRamp ramp = new ParallelRamp(3, 0);
        assertEquals(2, ramp.initial());
        assertEquals(0, ramp.finished(CHUNK, SECOND), "a round is as many chunks as requests in flight");
        assertEquals(1, ramp.finished(CHUNK, SECOND), "the first round always tries more, within the maximum");
        assertEquals(3, settle(3, 40 << 20, 10_000L << 20));
    }
}
