package io.thaw.metrics;

import io.thaw.retire.RetireStore;
import io.thaw.store.JobStore;

/**
 * Archives and bytes every thaw retire deleted, read from the store at most once a second. thaw retire
 * runs as a command, not in the service; the service's metrics show its progress through the store.
 */
final class RetiredTotals {

    private final RetireStore store;
    private long[] last = new long[2];
    private long readAt = System.nanoTime() - 2_000_000_000L;

    RetiredTotals(JobStore store) {
        this.store = new RetireStore(store);
    }

    synchronized long[] get() {
        long now = System.nanoTime();
        if (now - readAt >= 1_000_000_000L) {
            try {
                last = store.deletedTotals();
                readAt = now;
            } catch (RuntimeException e) {
                return last; // the store's health check reports the outage
            }
        }
        return last;
    }
}
