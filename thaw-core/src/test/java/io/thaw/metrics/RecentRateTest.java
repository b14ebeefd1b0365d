package io.thaw.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRateTest {

    @Test
    void averagesTheLastMinuteAndForgetsOlderSeconds() {
        AtomicLong now = new AtomicLong(1_000);
        RecentRate r = new RecentRate(now::get);
        r.add(600);
        r.add(600);
        assertEquals(0.0, r.perSecond(), "the current second is not complete yet");
        now.set(1_001);
        assertEquals(20.0, r.perSecond());
        r.add(3_000);
        now.set(1_002);
        assertEquals(70.0, r.perSecond());
        now.set(1_061);
        assertEquals(50.0, r.perSecond(), "second 1000 has left the window");
        now.set(1_000 + 60 + 60);
        r.add(10); // lands in second 1000's bucket, which must be reset first
        now.set(1_121);
        assertEquals(10 / 60.0, r.perSecond(), 1e-9);
    }
}
