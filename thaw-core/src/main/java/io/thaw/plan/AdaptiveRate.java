package io.thaw.plan;

import java.time.Duration;
import java.time.Instant;

/**
 * The InitiateJob rate of runs, additive increase / multiplicative decrease (like TCP): it starts
 * high, grows by {@link #INCREASE} jobs/s for every second's worth of starts Glacier accepts, and
 * halves when Glacier pushes back (throttling, LimitExceeded, 5xx) — never below {@link #FLOOR}, so
 * a run never stalls, and never above the operator's cap. A token bucket turns the rate into permits;
 * time comes from the caller, so the controller is tested with a fake clock.
 */
public final class AdaptiveRate {

    /** Jobs/s added per second of accepted starts at the current rate. */
    static final double INCREASE = 10;
    static final double DECREASE = 0.5;
    /** One start every 5 s at worst: slow enough for any throttling, never zero. */
    static final double FLOOR = 0.2;
    /** Without a cap the rate still stops growing here (Glacier throttles long before). */
    static final double CEILING = 1000;

    private final double cap;
    private double rate;
    private double permits;
    private Instant last;
    private long throttles;

    /** @param cap the operator's jobs-per-second, 0 = no cap */
    public AdaptiveRate(double start, double cap) {
        this.cap = cap > 0 ? cap : CEILING;
        this.rate = Math.max(FLOOR, Math.min(start, this.cap));
    }

    /** Whole permits available now (tokens accrue at the rate, at most one second's worth, at least one). */
    public int permits(Instant now) {
        if (last == null) {
            permits = 1;
        } else if (now.isAfter(last)) {
            permits = Math.min(Math.max(1, rate), permits + Duration.between(last, now).toNanos() / 1e9 * rate);
        }
        last = now;
        return (int) permits;
    }

    /** Glacier accepted a start: one permit used, the rate grows a little. */
    public void accepted() {
        permits = Math.max(0, permits - 1);
        rate = Math.min(cap, rate + INCREASE / rate);
    }

    /** Glacier pushed back: the rate halves and the bucket empties (the next start waits 1/rate). */
    public void pushedBack() {
        throttles++;
        rate = Math.max(FLOOR, rate * DECREASE);
        permits = 0;
    }

    public double rate() {
        return rate;
    }

    public long pushBacks() {
        return throttles;
    }
}
