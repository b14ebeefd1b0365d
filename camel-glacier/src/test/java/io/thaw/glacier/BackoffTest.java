package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff seeded(long base, long max, long seed) {
        Random r = new Random(seed);
        return new Backoff(Duration.ofMillis(base), Duration.ofMillis(max), () -> r);
    }

    @Test
    void capDoublesFromBaseUntilTheMaximum() {
        Backoff b = seeded(200, 30_000, 1);
        assertEquals(200, b.capMillis(1));
        assertEquals(400, b.capMillis(2));
        assertEquals(800, b.capMillis(3));
        assertEquals(25_600, b.capMillis(8));
        assertEquals(30_000, b.capMillis(9));
        assertEquals(30_000, b.capMillis(1_000)); // no overflow however many attempts
        assertEquals(30_000, b.capMillis(Integer.MAX_VALUE));
        assertEquals(200, b.capMillis(0), "attempt 0 is treated as the first");
    }

    @Test
    void largeBaseDoesNotOverflow() {
        Backoff b = seeded(Long.MAX_VALUE / 4, Long.MAX_VALUE / 2, 1);
        assertEquals(Long.MAX_VALUE / 2, b.capMillis(3));
        assertEquals(Long.MAX_VALUE / 2, b.capMillis(64));
    }

    @Test
    void everyDelayLiesInTheUpperHalfOfItsCap() {
        Backoff b = seeded(100, 10_000, 7);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long cap = b.capMillis(attempt);
            for (int i = 0; i < 500; i++) {
                long d = b.delay(attempt).toMillis();
                assertTrue(d >= cap / 2 && d <= cap, "attempt " + attempt + ": " + d + " outside [" + cap / 2
                        + ", " + cap + "]");
            }
        }
    }

    @Test
    void theBoundsAreReachedAndTheWaitsSpread() {
        // a generator that answers its lowest and then its highest value shows both ends are inclusive
        long[] answers = {0, Long.MAX_VALUE};
        int[] i = {0};
        RandomGenerator ends = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                return Math.min(answers[i[0]++ % 2], bound - 1);
            }
        };
        Backoff b = new Backoff(Duration.ofMillis(1_000), Duration.ofMillis(60_000), () -> ends);
        assertEquals(Duration.ofMillis(2_000), b.delay(3)); // cap 4,000: the floor is half of it
        assertEquals(Duration.ofMillis(4_000), b.delay(3));

        Backoff seeded = seeded(1_000, 60_000, 3);
        Set<Long> seen = new HashSet<>();
        for (int n = 0; n < 50; n++) {
            seen.add(seeded.delay(5).toMillis());
        }
        assertTrue(seen.size() > 25, "jitter spreads the waits: " + seen.size() + " distinct of 50");
    }

    @Test
    void theSameSeedGivesTheSameWaits() {
        assertEquals(waits(seeded(50, 5_000, 42)), waits(seeded(50, 5_000, 42)));
        assertNotEquals(waits(seeded(50, 5_000, 42)), waits(seeded(50, 5_000, 43)));
    }

    @Test
    void zeroBaseMeansNoWait() {
        Backoff b = seeded(0, 30_000, 1);
        assertEquals(Duration.ZERO, b.delay(1));
        assertEquals(Duration.ZERO, b.delay(40));
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)));
    }

    private static List<Long> waits(Backoff b) {
        List<Long> out = new ArrayList<>();
        for (int attempt = 1; attempt <= 10; attempt++) {
            out.add(b.delay(attempt).toMillis());
        }
        return out;
    }
}
