package io.thaw.glacier;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bytes of one download. Every few seconds it logs a progress line (bytes, rate, ETA) and hands
 * the figure to a sink (the job store, for {@code thaw status}); every second it tells a
 * {@link ProgressListener} (the console line of {@code thaw fetch}).
 */
public final class ProgressMeter {

    private static final Logger LOG = LoggerFactory.getLogger("io.thaw.progress");
    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;
    private static final long TELL_EVERY_NANOS = 1_000_000_000L;

    private final String label;
    private final long total;
    private final LongConsumer sink;
    private final ProgressListener listener;
    private final AtomicLong done = new AtomicLong();
    private final long started = System.nanoTime();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());
    private final AtomicLong lastTold = new AtomicLong(System.nanoTime());
    private final long startBytes;
    /** An intermediate figure went to the sink. */
    private volatile boolean reported;

    ProgressMeter(String label, long total, long alreadyDone, LongConsumer sink) {
        this(label, total, alreadyDone, sink, ProgressListener.NONE);
    }

    ProgressMeter(String label, long total, long alreadyDone, LongConsumer sink, ProgressListener listener) {
        this.label = label;
        this.total = total;
        this.sink = sink;
        this.listener = listener;
        this.startBytes = alreadyDone;
        done.set(alreadyDone);
    }

    void add(long bytes) {
        long now = System.nanoTime();
        long d = done.addAndGet(bytes);
        long told = lastTold.get();
        if (now - told >= TELL_EVERY_NANOS && lastTold.compareAndSet(told, now)) {
            listener.progress(snapshot(d, now, false));
        }
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

    /**
     * The download is complete: a last figure for the listener, and for the store when {@code toStore} or
     * when the store already shows an intermediate figure. A one-chunk output skips that statement (the
     * commonest case in a whole-vault run): DELIVERED records the bytes, and an attempt that fails before
     * keeps nothing on disk for a later one, so there is no progress to show.
     */
    void finish(boolean toStore) {
        long d = done.get();
        if (toStore || reported) {
            sink.accept(d);
        }
        listener.progress(snapshot(d, System.nanoTime(), true));
    }

    private ProgressListener.Progress snapshot(long d, long now, boolean finished) {
        double secs = Math.max(1e-3, (now - started) / 1e9);
        double rate = (d - startBytes) / secs;
        long eta = finished ? 0 : rate > 0 ? (long) ((total - d) / rate) : -1;
        return new ProgressListener.Progress(label, d, total, rate, eta, finished);
    }

    private void report(long d, long now) {
        ProgressListener.Progress p = snapshot(d, now, false);
        LOG.info("{}: {} of {} ({}%), {}/s, ETA {}", label, human(d), human(total),
                total == 0 ? 100 : d * 100 / total, human((long) p.bytesPerSec()),
                p.etaSeconds() < 0 ? "?" : p.etaSeconds() + " s");
        reported = true;
        sink.accept(d);
    }

    /** Bytes for people: "512 B", "1.5 MiB". */
    public static String human(long bytes) {
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
