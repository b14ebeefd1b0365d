package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pacer reads the store's totals once a second, or ten times as seldom as the last read was long. */
class StartLimitsTest {

    @Test
    void aCostlyReadIsMadeLessOften() {
        assertEquals(Duration.ofSeconds(1), StartLimits.readEvery(Duration.ofMillis(3)), "a cheap read: every second");
        assertEquals(Duration.ofSeconds(1), StartLimits.readEvery(Duration.ofMillis(100)));
        assertEquals(Duration.ofSeconds(11), StartLimits.readEvery(Duration.ofMillis(1100)),
                "the day's sum over 500,000 starts on H2 (1.1 s): the pacer spends a tenth of its time on it");
    }
}
