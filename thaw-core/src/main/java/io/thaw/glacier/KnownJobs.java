package io.thaw.glacier;

import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * The jobs a start must not repeat: those the store runs (not yet final) and the valid retrievals
 * Glacier lists ({@link ExistingJobs}), which are adopted into the store — the glacier-cli habit of
 * never paying twice for one archive.
 */
public final class KnownJobs implements PriorJobs {

    private static final Logger LOG = LoggerFactory.getLogger(KnownJobs.class);

    private final JobStore store;
    private final JobClaims claims;
    private final ExistingJobs existing;
    private final ReadyJobs ready;

    public KnownJobs(JobStore store, JobClaims claims, ExistingJobs existing, ReadyJobs ready) {
        this.store = store;
        this.claims = claims;
        this.existing = existing;
        this.ready = ready;
    }

    @Override
    public Optional<JobRecord> active(String vault, String archiveId, String byteRange, String destination) {
        return claims.activeFor(vault, archiveId, byteRange, destination).stream().findFirst();
    }

    @Override
    public Optional<JobRecord> adopt(String account, String vault, JobParameters params, JobStarter.Purpose purpose,
                                     Predicate<String> skip) {
        Optional<ExistingJobs.Found> found = existing.find(account, vault, params.archiveId(),
                params.retrievalByteRange(), id -> skip.test(id) || store.find(id).isPresent());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ExistingJobs.Found f = found.get();
        try {
            store.insert(new NewJob(f.jobId(), vault, account, "ArchiveRetrieval", params.archiveId(), params.tier(),
                    params.format(), params.retrievalByteRange(), params.description(), purpose.requestFile(),
                    purpose.requestHash(), purpose.destination(), purpose.name(), purpose.archiveSize(),
                    purpose.archiveTreeHash()));
        } catch (IllegalStateException raced) {
            // Another instance adopted it a moment ago; the store's row is the truth.
            return store.find(f.jobId());
        }
        if (f.completed()) {
            store.markStaged(f.jobId(), f.archiveSize(), CompletedJob.outputSize(f.archiveSize(), null,
                    f.byteRange(), false), f.archiveTreeHash(), f.outputTreeHash(), f.completionDate());
            ready.add(f.jobId()); // its notice, if any, went out before thaw knew the job
        }
        LOG.info("ADOPTED job {} ({}) that Glacier already runs for archive {} of vault '{}' -> {}",
                JobRecord.shortId(f.jobId()), f.completed() ? "completed" : "in progress",
                JobRecord.shortId(params.archiveId()), vault, purpose.destination());
        return store.find(f.jobId());
    }
}
