package io.thaw.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The limits on what is in flight that the pacer checks before each start: max-in-flight (jobs), the
 * 24 h output window ({@link WindowRule}: bytes in flight within what can be downloaded in it) and
 * bytes-per-day. The totals are read from the store at most once a second (a second instance on the same
 * store is seen within that) and counted on with each start in between: the store's sums walk what is in
 * flight and every start of the day (1.2 s on H2 with 500,000 starts), too much to ask before each start.
 * Checks made once, when a run is submitted, are {@link RunLimits}'; the budget is {@link RunBudget}'s.
 */
final class StartLimits {

    /** The in-flight totals are read from the store at most this often; starts in between are added here. */
    static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(1);

    private final RunItems items;
    private final Pace pace;
    private final WindowRule window;
    private final LongSupplier delivered;
    private Instant snapshotAt = Instant.MIN;
    private long inFlightJobs;
    private long inFlightBytes;
    private long startedInDay;

    /** @param delivered bytes delivered so far by this process, to measure the download rate */
    StartLimits(RunItems items, Pace pace, LongSupplier delivered) {
        this.items = items;
        this.pace = pace;
        this.window = new WindowRule(pace);
        this.delivered = delivered;
    }

    /** Reads the totals from the store when the last read is a second old. */
    void refresh(Instant now) {
        if (now.isBefore(snapshotAt.plus(SNAPSHOT_EVERY))) {
            return;
        }
        RunItems.InFlight f = items.inFlightSnapshot();
        inFlightJobs = f.jobs();
        inFlightBytes = f.bytes();
        window.observe(now, delivered.getAsLong(), f.staged() > 0);
        if (pace.bytesPerDay() > 0) {
            startedInDay = items.bytesStartedSince(now.minus(Duration.ofDays(1)));
        }
        snapshotAt = now;
    }

    /** The cap or rule that forbids starting this item now, or null. One job may always be in flight. */
    String limitFor(RunItem item) {
        if (pace.maxInFlight() > 0 && inFlightJobs >= pace.maxInFlight()) {
            return "max-in-flight (" + pace.maxInFlight() + " jobs)";
        }
        if (inFlightJobs > 0 && inFlightBytes + item.size() > window.allowedBytes()) {
            return "the 24 h output window (" + PlanPrinter.bytes(window.allowedBytes()) + " in flight at "
                    + PlanPrinter.perSecond(window.rate()) + " " + (window.measured() ? "measured" : "assumed") + ")";
        }
        // Within bytes-per-day, or nothing started in the window (submission refuses archives bigger than a day).
        if (pace.bytesPerDay() > 0 && startedInDay > 0 && startedInDay + item.size() > pace.bytesPerDay()) {
            return "bytes-per-day (" + PlanPrinter.bytes(pace.bytesPerDay()) + ")";
        }
        return null;
    }

    /** A job started for {@code item}: counted until the next read from the store. */
    void started(RunItem item) {
        inFlightJobs++;
        inFlightBytes += item.size();
        startedInDay += item.size();
    }

    /** The download rate the window rule uses, bytes per second. */
    double downloadRate() {
        return window.rate();
    }

    /** Bytes the window rule lets be in flight now. */
    long allowedInFlightBytes() {
        return window.allowedBytes();
    }
}
