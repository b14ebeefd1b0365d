package io.thaw.glacier;

import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-requests a job whose output can no longer be fetched (its 24 h window closed or is about to, or
 * Glacier answered 404): starts (or adopts) a job for the same archive, range and destination, links it,
 * and marks the old record EXPIRED. The caller must hold the old job exclusively (a claim, or the
 * reconciler's check reservation), so two instances never re-request the same job.
 */
public final class JobRenewer {

    private static final Logger LOG = LoggerFactory.getLogger(JobRenewer.class);

    private final JobStarter starter;
    private final JobClaims claims;

    public JobRenewer(JobStarter starter, JobClaims claims) {
        this.starter = starter;
        this.claims = claims;
    }

    /** Answers the id of the job that now carries the old one's delivery. */
    public String renew(JobRecord old, String reason) {
        // A crash between starting the new job and marking the old one leaves the link: reuse it.
        String next = claims.replacementOf(old.jobId()).orElseGet(() -> {
            String fresh = starter.restart(old).jobId();
            claims.linkReplacement(fresh, old.jobId());
            return fresh;
        });
        if (claims.markExpired(old.jobId(), next, reason + " — re-requested as job " + JobRecord.shortId(next))) {
            LOG.warn("EXPIRED job {} (vault '{}', archive {}): {} — re-requested as job {}", JobRecord.shortId(old.jobId()),
                    old.vault(), JobRecord.shortId(old.archiveId()), reason, JobRecord.shortId(next));
        }
        return next;
    }
}
