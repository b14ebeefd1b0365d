package io.thaw.metrics;

import io.thaw.store.JobState;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Job counts by state, read from the store at most once a second: one scrape reads every state's
 * gauge, and that should be one query, not one per gauge. A store that cannot answer gives the last
 * counts (its health check reports the outage).
 */
final class CachedCounts implements Supplier<Map<JobState, Long>> {

    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final Supplier<Map<JobState, Long>> source;
    private Map<JobState, Long> last = Map.of();
    private long readAt = System.nanoTime() - 2 * MAX_AGE_NANOS;

    CachedCounts(Supplier<Map<JobState, Long>> source) {
        this.source = source;
    }

    @Override
    public synchronized Map<JobState, Long> get() {
        long now = System.nanoTime();
        if (now - readAt >= MAX_AGE_NANOS) {
            try {
                last = Map.copyOf(source.get());
            } catch (RuntimeException e) {
                return last;
            }
            readAt = now;
        }
        return last;
    }
}
