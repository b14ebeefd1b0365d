package io.thaw.notice;

import io.thaw.glacier.OutputFetcher;
import io.thaw.request.DoneRequests;
import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one SQS message: a Glacier job-completion notice in an SNS envelope or raw. Records what it
 * says in the job store and answers the id of the job whose output should now be fetched, or null.
 * An unparsable message is kept with its reason ({@link DeadLetters}: the dead-letter queue or the notices
 * error folder) and answered null, so the route completes and SQS deletes it: it can never become a
 * crash loop, and it is not lost.
 */
public final class NoticeHandler {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeHandler.class);

    /** What to do with notices for jobs thaw did not start. */
    public enum UnknownJobs { IGNORE, DELIVER }

    private final JobStore store;
    private final JobClaims claims;
    private final String owner;
    private final Duration claimTtl;
    private final UnknownJobs unknownJobs;
    private final String defaultDestination;
    private final DeadLetters deadLetters;
    private final DoneRequests doneRequests;

    /**
     * @param claims       a finished job is staged and claimed for {@code owner} (for {@code claimTtl}) in one
     *                     statement, since the route fetches it right away on this instance (see
     *                     JobClaims#stageAndClaim)
     * @param deadLetters  where unreadable notices are kept (the dead-letter queue, or the error folder)
     * @param doneRequests a notice for a job the store lacks is first matched to the requests in .done/ (a
     *                     crash may have lost the job's record after its request moved there) before it
     *                     counts as another tool's job
     */
    public NoticeHandler(JobStore store, JobClaims claims, String owner, Duration claimTtl, UnknownJobs unknownJobs,
                         String defaultDestination, DeadLetters deadLetters, DoneRequests doneRequests) {
        this.store = store;
        this.claims = claims;
        this.owner = owner;
        this.claimTtl = claimTtl;
        this.unknownJobs = unknownJobs;
        this.defaultDestination = defaultDestination;
        this.deadLetters = deadLetters;
        this.doneRequests = doneRequests;
    }

    public String accept(String body, String messageId) throws IOException {
        io.thaw.metrics.ThawMetrics.noticeReceived();
        LOG.debug("SQS message {}: {}", messageId, body); // Glacier notices carry ids and hashes, no secrets
        JobNotice n;
        try {
            n = NoticeParser.parse(body);
        } catch (SnsSubscriptionMessageException e) {
            LOG.info("SQS message {} is an SNS {} for {}, not a job notice; dropped (SQS subscriptions need no"
                    + " confirmation)", messageId, e.snsType(), e.topicArn());
            return null;
        } catch (PoisonNoticeException e) {
            String kept = deadLetters.keep(body, messageId, "could not be read as a Glacier job notice: "
                    + e.getMessage());
            LOG.warn("SQS message {} is not a Glacier job notice: {} — kept in {}", messageId, e.getMessage(), kept);
            return null;
        }
        // The usual case first, in one statement: the job thaw started is REQUESTED and now STAGED.
        if (n.succeeded() && staged(n)) {
            return n.jobId();
        }
        Optional<JobRecord> known = store.find(n.jobId());
        if (known.isEmpty() && n.archiveId() != null
                && doneRequests.adopt(n.vaultName(), n.archiveId(), n.jobId())) {
            // recorded again from its request (REQUESTED): staged below like any job just adopted
        } else if (known.isEmpty()) {
            if (unknownJobs == UnknownJobs.IGNORE) {
                LOG.info("notice for job {} of vault '{}' that thaw did not start: ignored"
                        + " (thaw.notices.unknown-jobs=ignore)", JobRecord.shortId(n.jobId()), n.vaultName());
                return null;
            }
            adopt(n);
        }
        if (!n.succeeded() && !n.failed()) {
            LOG.info("notice for job {} says {}: nothing to do until it finishes", JobRecord.shortId(n.jobId()),
                    n.statusCode());
            return null;
        }
        if (n.failed()) {
            if (store.markFailed(n.jobId(), "Glacier reports the job " + n.statusCode() + ": " + n.statusMessage())) {
                LOG.error("FAILED job {} (vault '{}'): Glacier says {}", JobRecord.shortId(n.jobId()),
                        io.thaw.log.LogText.escape(n.vaultName()), io.thaw.log.LogText.escape(n.statusMessage()));
            }
            return null;
        }
        if (known.isEmpty() && staged(n)) { // just adopted, so REQUESTED: this stages it
            return n.jobId();
        }
        // A known job the first statement found no longer REQUESTED (states never go back): a duplicate
        // notice, so the record read above is current enough.
        JobRecord job = known.isPresent() ? known.get() : store.find(n.jobId()).orElseThrow();
        if (job.state().isFinal()) {
            LOG.info("notice for job {} again: already {}", JobRecord.shortId(n.jobId()), job.state());
            return null;
        }
        return n.jobId(); // STAGED or DOWNLOADING already: the fetcher decides (claims keep it single)
    }

    /**
     * REQUESTED -> DOWNLOADING under this instance's claim (staged and claimed at once) with what the
     * notice tells; false when the job is not (or no longer) REQUESTED.
     */
    private boolean staged(JobNotice n) {
        Long outputSize = io.thaw.glacier.CompletedJob.outputSize(n.archiveSizeInBytes(), n.inventorySizeInBytes(),
                n.retrievalByteRange(), n.isInventory());
        Instant now = Instant.now();
        if (!claims.stageAndClaim(n.jobId(), n.archiveSizeInBytes(), outputSize, n.archiveSha256TreeHash(),
                n.sha256TreeHash(), n.completionDate(), owner, now, now.plus(claimTtl))) {
            return false;
        }
        LOG.info("STAGED vault={} archive={} job={} bytes={}", n.vaultName(), JobRecord.shortId(n.archiveId()),
                JobRecord.shortId(n.jobId()), outputSize);
        return true;
    }

    private void adopt(JobNotice n) {
        store.insert(new NewJob(n.jobId(), n.vaultName(), n.account(), n.isInventory() ? "InventoryRetrieval"
                : "ArchiveRetrieval", n.archiveId(), n.tier(), null, n.retrievalByteRange(), n.jobDescription(), null,
                null, defaultDestination, null));
        LOG.info("adopted job {} of vault '{}' started elsewhere -> {} (thaw.notices.unknown-jobs=deliver)",
                JobRecord.shortId(n.jobId()), n.vaultName(), defaultDestination);
    }
}
