package io.thaw.glacier;

import io.thaw.store.JobRecord;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * Where a {@link JobStarter} looks before it starts a retrieval: a job that already runs for the same
 * archive, range and destination is answered instead of a second one. {@link #NONE} looks nowhere —
 * for starters whose caller checks itself (the run pacer) and for tools without claims.
 */
public interface PriorJobs {

    /** Looks nowhere: every start is a new job. */
    PriorJobs NONE = new PriorJobs() {
        @Override
        public Optional<JobRecord> active(String vault, String archiveId, String byteRange, String destination) {
            return Optional.empty();
        }

        @Override
        public Optional<JobRecord> adopt(String account, String vault, JobParameters params,
                                         JobStarter.Purpose purpose, Predicate<String> skip) {
            return Optional.empty();
        }
    };

    /** A job not yet final that the store runs for this archive, range and destination. */
    Optional<JobRecord> active(String vault, String archiveId, String byteRange, String destination);

    /**
     * A valid retrieval of this archive and range that Glacier lists and the store lacks (ids {@code skip}
     * rejects are passed over), recorded in the store for {@code purpose}.
     */
    Optional<JobRecord> adopt(String account, String vault, JobParameters params, JobStarter.Purpose purpose,
                              Predicate<String> skip);
}
