package io.thaw.cli;

import io.thaw.store.JobStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens the job store on a background thread. Opening H2 (pool, file, migrations) costs a few hundred
 * milliseconds of a short command's start-up; {@code thaw fetch} overlaps it with DescribeJob, which does
 * not need the store, and waits for it only when it adopts the job ({@link FetchWarmUp} has loaded the
 * H2 engine meanwhile).
 */
final class StoreOpening implements AutoCloseable {

    private final CompletableFuture<JobStore> future;

    StoreOpening(String url, String user, String password) {
        future = CompletableFuture.supplyAsync(() -> JobStore.open(url, user, password));
    }

    /** The open store; an opening failure is rethrown as it was thrown. */
    JobStore get() {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Waits for the opening (a half-open H2 file must not be left behind) and closes the store. */
    @Override
    public void close() {
        JobStore store;
        try {
            store = future.join();
        } catch (CompletionException e) {
            return; // nothing was opened; the failure was reported by get(), or did not matter
        }
        store.close();
    }
}
