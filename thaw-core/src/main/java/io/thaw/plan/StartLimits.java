package io.thaw.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The limits on what is in flight that the pacer checks before each start: max-in-flight (jobs), the
 * 24 h output window ({@link WindowRule}: bytes in flight within what can be downloaded in it) and
 * bytes-per-day. The totals are read from the store about once a second (a second instance on the same
 * store is seen within that) and counted on with each start in between: the store's sums walk what is in
 * flight and every start of the day, too much to ask before each start. On a big run even once a second is
 * too often (H2: 1.1 s for the day's sum over 500,000 starts, 2-5 s for 49,000 jobs in flight), so a read
 * waits at least ten times as long as the last one took: the pacer spends at most a tenth of its time on
 * them. Between reads the totals only grow (deliveries are not subtracted), so a late read errs on the
 * safe side: a cap is never passed, a start may wait longer.
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
    private Duration readEvery = SNAPSHOT_EVERY;
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

    /** Reads the totals from the store when the last read is old enough ({@link #readEvery}). */
    void refresh(Instant now) {
        if (now.isBefore(snapshotAt.plus(readEvery))) {
            return;
        }
        long t0 = System.nanoTime();
        RunItems.InFlight f = items.inFlightSnapshot();
        inFlightJobs = f.jobs();
        inFlightBytes = f.bytes();
        window.observe(now, delivered.getAsLong(), f.staged() > 0);
        if (pace.bytesPerDay() > 0) {
            startedInDay = items.bytesStartedSince(now.minus(Duration.ofDays(1)));
        }
        snapshotAt = now;
        readEvery = readEvery(Duration.ofNanos(System.nanoTime() - t0));
    }

    /** How long until the next read, after one that took {@code cost}: a second, or ten times its cost. */
    static Duration readEvery(Duration cost) {
        Duration tenfold = cost.multipliedBy(10);
        return tenfold.compareTo(SNAPSHOT_EVERY) > 0 ? tenfold : SNAPSHOT_EVERY;
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
