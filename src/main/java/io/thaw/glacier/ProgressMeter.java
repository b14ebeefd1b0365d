package io.thaw.glacier;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bytes of one download and, at most every few seconds, logs a progress line (bytes, rate,
 * ETA) and hands the figure to a sink (the job store, for {@code thaw status}).
 */
final class ProgressMeter {

    private static final Logger LOG = LoggerFactory.getLogger("io.thaw.progress");
    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;

    private final String label;
    private final long total;
    private final LongConsumer sink;
    private final AtomicLong done = new AtomicLong();
    private final long started = System.nanoTime();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());
    private final long startBytes;

    ProgressMeter(String label, long total, long alreadyDone, LongConsumer sink) {
        this.label = label;
        this.total = total;
        this.sink = sink;
        this.startBytes = alreadyDone;
        done.set(alreadyDone);
    }

    void add(long bytes) {
        long now = System.nanoTime();
        long d = done.addAndGet(bytes);
        long last = lastReport.get();
        if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            report(d, now);
        }
    }

    /** Takes back bytes of a chunk attempt that failed (they will be fetched again). */
    void undo(long bytes) {
        done.addAndGet(-bytes);
    }

    long done() {
        return done.get();
    }

    private void report(long d, long now) {
        double secs = Math.max(1e-3, (now - started) / 1e9);
        double rate = (d - startBytes) / secs;
        long etaSecs = rate > 0 ? (long) ((total - d) / rate) : -1;
        LOG.info("{}: {} of {} ({}%), {}/s, ETA {}", label, human(d), human(total),
                total == 0 ? 100 : d * 100 / total, human((long) rate), etaSecs < 0 ? "?" : etaSecs + " s");
        sink.accept(d);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
