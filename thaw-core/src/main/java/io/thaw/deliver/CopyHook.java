package io.thaw.deliver;

import io.thaw.store.JobRecord;
import java.nio.file.Path;

/**
 * Called by the {@link Deliverer} while a verified output is still in staging, just before it is
 * delivered under its own name (a folder destination then moves it) and the job is recorded DELIVERED:
 * other archives with the same content (same tree hash and size) are written from the same file
 * instead of being retrieved again.
 */
@FunctionalInterface
public interface CopyHook {

    CopyHook NONE = (job, file, destination, delivery) -> { };

    /** Must not throw for a failed copy: record it against the copy, the original is delivered. */
    void deliverCopies(JobRecord job, Path verifiedFile, Destination destination, Delivery original);
}
