package io.thaw.glacier;

import io.thaw.store.JobClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One worker's hold on one job, from the first byte fetched to the DELIVERED record: the job's place in
 * this instance's set of jobs in hand (so a duplicate notice handled by another consumer thread is a
 * no-op) and, with claims, the store claim that keeps other instances off it. The fetcher takes it;
 * the deliverer {@linkplain #fence() checks the claim} just before the output takes its final name and
 * {@linkplain #close() lets go} when delivery ended, whatever the outcome.
 */
public final class JobHold implements AutoCloseable {

    private final String jobId;
    private final String owner;
    private final ClaimCheck claims;
    private final Duration margin;
    private final Set<String> inHand;
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * @param owner  this instance's id in claims, or null when the store has no claims (one instance)
     * @param margin how long the claim must still run at the fence: a claim about to lapse may be taken
     *               over while the final name is being given
     */
    JobHold(String jobId, String owner, JobClaims claims, Duration margin, Set<String> inHand) {
        this(jobId, owner, claims::holds, margin, inHand);
    }

    private JobHold(String jobId, String owner, ClaimCheck claims, Duration margin, Set<String> inHand) {
        this.jobId = jobId;
        this.owner = owner;
        this.claims = claims;
        this.margin = margin;
        this.inHand = inHand;
    }

    /** A hold without claims or guard (a stand-in fetcher, as bench/NoticeBench has): fence passes, close does nothing. */
    public static JobHold unfenced(String jobId) {
        return new JobHold(jobId, null, ClaimCheck.NONE, Duration.ZERO, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /** Whether an instance still holds a job's claim until a given time: the store's claims, or none to check. */
    @FunctionalInterface
    private interface ClaimCheck {
        /** No claims (a stand-in fetcher of one instance): nobody else can take the job over, the fence passes. */
        ClaimCheck NONE = (jobId, owner, until) -> true;

        boolean holds(String jobId, String owner, Instant until);
    }

    public String jobId() {
        return jobId;
    }

    /** This instance's id in the claim, or null without claims. */
    public String owner() {
        return owner;
    }

    /**
     * Throws {@link ClaimLostException} unless this instance still holds the job's claim for at least the
     * margin: an instance that was paused past its claim (and whose job another instance took over)
     * must not deliver.
     */
    public void fence() throws ClaimLostException {
        if (!claims.holds(jobId, owner, Instant.now().plus(margin))) {
            throw new ClaimLostException("job " + jobId + ": the claim of instance '" + owner + "' ran out or was"
                    + " taken over before delivery finished; the instance holding it now delivers");
        }
    }

    /** Lets the job go in this instance (idempotent); the store claim ends with the DELIVERED record or a release. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            inHand.remove(jobId);
        }
    }

    /** The claim behind a delivery ran out: another instance owns the job, this one must not commit anything. */
    public static final class ClaimLostException extends java.io.IOException {
        public ClaimLostException(String message) {
            super(message);
        }
    }
}
