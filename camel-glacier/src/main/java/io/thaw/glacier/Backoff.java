package io.thaw.glacier;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with <em>equal jitter</em>, thaw's one back-off: before attempt n+1 wait a random
 * time in [cap/2, cap], where cap = min(max, base·2^(n-1)). Used between attempts of a chunk
 * ({@link OutputDownloader}), of a single Glacier call ({@link GlacierRetry}) and to park a job whose
 * download or delivery failed ({@link ReliabilitySettings#retryAt}).
 *
 * <p>Why equal jitter rather than full jitter ([0, cap]): thaw retries mostly because Glacier throttles
 * ("Rate exceeded") or a destination is down. Full jitter lets some retries come back almost at once,
 * which against a throttling service only spends another attempt of a small budget
 * (thaw.download.max-attempts); the floor of cap/2 guarantees every retry waits at least half the
 * step, while the random upper half still spreads the retries of many parallel chunks or instances.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final Supplier<? extends RandomGenerator> random;

    /** With each thread's own random numbers (no contention between download threads). */
    public Backoff(Duration base, Duration max) {
        this(base, max, ThreadLocalRandom::current);
    }

    /** @param random where the jitter comes from (a seeded generator makes the waits repeatable in tests) */
    public Backoff(Duration base, Duration max, Supplier<? extends RandomGenerator> random) {
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("back-off durations must not be negative: base " + base + ", max " + max);
        }
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The upper bound of the wait after {@code attempt} failed attempts (1 = the first): base·2^(attempt-1), capped. */
    public long capMillis(int attempt) {
        int doublings = Math.min(Math.max(0, attempt - 1), 62);
        long b = base.toMillis();
        long m = max.toMillis();
        // base·2^d > max, without overflowing: compare before shifting
        return b > (m >> doublings) ? m : b << doublings;
    }

    /** How long to wait after {@code attempt} failed attempts: uniform in [cap/2, cap]. */
    public Duration delay(int attempt) {
        long cap = capMillis(attempt);
        return Duration.ofMillis(cap / 2 + random.get().nextLong(cap - cap / 2 + 1));
    }

    /** Sleeps {@link #delay(int)}. */
    public void pause(int attempt) throws InterruptedException {
        Thread.sleep(delay(attempt).toMillis());
    }
}
