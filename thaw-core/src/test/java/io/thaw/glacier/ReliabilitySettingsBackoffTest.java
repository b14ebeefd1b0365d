package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A job parked for retry waits like every other retry in thaw: {@link Backoff}, equal jitter. */
class ReliabilitySettingsBackoffTest {

    @Test
    void retrySettingsParkWithTheSameBackoff() {
        ReliabilitySettings s = new ReliabilitySettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(2),
                Duration.ofSeconds(30), Duration.ofHours(1), "i", false, 500);
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int attempts = 1; attempts <= 10; attempts++) {
            long cap = Math.min(3_600_000L, 30_000L << (attempts - 1));
            long wait = Duration.between(now, s.retryAt(attempts, now)).toMillis();
            assertTrue(wait >= cap / 2 && wait <= cap, "attempt " + attempts + ": " + wait);
        }
    }
}
