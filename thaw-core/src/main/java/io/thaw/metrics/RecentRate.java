package io.thaw.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * An amount per second over the last minute (the download pace on a dashboard without PromQL):
 * one bucket per second in a ring, each tagged with its second so stale buckets count as empty.
 */
final class RecentRate {

    static final int SECONDS = 60;

    private final AtomicLongArray amounts = new AtomicLongArray(SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);
    private final LongSupplier clockSeconds;

    RecentRate(LongSupplier clockSeconds) {
        this.clockSeconds = clockSeconds;
    }

    void add(long amount) {
        long now = clockSeconds.getAsLong();
        int i = (int) Math.floorMod(now, (long) SECONDS);
        long stamp = stamps.get(i);
        if (stamp != now && stamps.compareAndSet(i, stamp, now)) {
            amounts.set(i, 0); // a racing add of this second may be lost: a pace figure can afford it
        }
        amounts.addAndGet(i, amount);
    }

    /** Average per second over the last {@value #SECONDS} whole seconds. */
    double perSecond() {
        long now = clockSeconds.getAsLong();
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            long age = now - stamps.get(i);
            if (age >= 1 && age <= SECONDS) {
                sum += amounts.get(i);
            }
        }
        return sum / (double) SECONDS;
    }
}
