package io.thaw.plan;

import java.time.Duration;
import java.time.Instant;

/**
 * Glacier keeps a job's output for 24 h: start no more than can be downloaded in that window. The
 * bytes in flight (started, not yet delivered or failed) may be at most the download rate × (window −
 * margin). The rate is measured from the bytes delivered — but only over spans in which downloads had
 * work waiting (a backlog), since an idle downloader says nothing about its speed. Until a first
 * measurement the configured {@code thaw.pace.download-rate} stands in. A span in which the downloader
 * ran out of work means it could have done more: the rate then doubles back towards the configured
 * one (from a slow destination that became fast again), or takes what was delivered if that is more.
 */
public final class WindowRule {

    /** A measurement spans at least this long, so one big delivery does not make a spike. */
    static final Duration SPAN = Duration.ofSeconds(30);
    /** Where a rate measured as (nearly) nothing starts doubling from. */
    static final double PROBE = 64 << 10;

    private final Pace pace;
    private double rate;
    private boolean measured;
    private Instant spanStart;
    private long deliveredAtStart;
    private boolean busyThroughout;

    public WindowRule(Pace pace) {
        this.pace = pace;
        this.rate = pace.downloadRate();
    }

    /**
     * One observation: the process's delivered-bytes counter and whether output was waiting to be
     * downloaded. A span that was busy throughout gives a new rate (smoothed, half the old and half new).
     */
    public void observe(Instant now, long deliveredTotal, boolean backlog) {
        if (spanStart == null || deliveredTotal < deliveredAtStart) {
            restart(now, deliveredTotal, backlog);
            return;
        }
        busyThroughout &= backlog;
        Duration d = Duration.between(spanStart, now);
        if (d.compareTo(SPAN) < 0) {
            return;
        }
        double r = (deliveredTotal - deliveredAtStart) / (d.toNanos() / 1e9);
        if (busyThroughout) {
            rate = measured ? (rate + r) / 2 : r;
            measured = true;
        } else if (measured) {
            rate = Math.max(r, Math.max(rate, Math.min(Math.max(PROBE, rate * 2), pace.downloadRate())));
        }
        restart(now, deliveredTotal, backlog);
    }

    private void restart(Instant now, long deliveredTotal, boolean backlog) {
        spanStart = now;
        deliveredAtStart = deliveredTotal;
        busyThroughout = backlog;
    }

    /** Bytes that may be in flight now. */
    public long allowedBytes() {
        return pace.windowBytes(rate);
    }

    /** Download rate in bytes/s: measured, or the configured assumption. */
    public double rate() {
        return rate;
    }

    public boolean measured() {
        return measured;
    }
}
