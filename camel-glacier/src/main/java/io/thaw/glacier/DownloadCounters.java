package io.thaw.glacier;

/**
 * Counts what downloads do (bytes, chunk retries, hash mismatches) for whoever keeps metrics; thaw
 * installs its meters here at start-up. The default counts nothing.
 */
public interface DownloadCounters {

    DownloadCounters NONE = new DownloadCounters() { };

    default void bytesDownloaded(long n) {
    }

    default void chunkRetried() {
    }

    default void hashMismatch() {
    }

    /** The counters every download reports to. */
    static DownloadCounters current() {
        return Holder.current;
    }

    static void install(DownloadCounters counters) {
        Holder.current = counters == null ? NONE : counters;
    }

    /** Holds the installed counters (interfaces cannot have mutable static fields of their own). */
    final class Holder {
        private static volatile DownloadCounters current = NONE;

        private Holder() {
        }
    }
}
