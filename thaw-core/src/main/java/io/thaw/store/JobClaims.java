package io.thaw.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's side of "never lose a job" (schema V2): claims that let several instances share one
 * store without downloading or delivering a job twice, parking with a next-attempt time, the queries
 * the reconciler polls, and the link between an EXPIRED job and the job that re-requested its output.
 * Every change is a conditional update, so concurrent instances race safely: one wins, others see 0 rows.
 */
public final class JobClaims {

    private final JobStore store;
    /** Jobs this instance staged and claimed from a notice, with the claim's end, for the fetch that follows. */
    private final Map<String, Instant> handedOver = new ConcurrentHashMap<>();

    public JobClaims(JobStore store) {
        this.store = store;
    }

    /**
     * A notice says a REQUESTED job finished and this instance fetches it at once: record what the notice
     * tells and claim the job for {@code owner} until {@code until}, in one statement (one commit instead
     * of staging and then claiming). False when the job is not REQUESTED (a duplicate notice, another
     * instance was first). The claim is handed to the next {@link #takeHandedOver} for the job.
     */
    public boolean stageAndClaim(String jobId, Long archiveSize, Long outputSize, String archiveTreeHash,
                                 String outputTreeHash, Instant completedAt, String owner, Instant now, Instant until) {
        boolean claimed = store.updateTogether("update thaw_job set state = 'DOWNLOADING', attempts = attempts + 1,"
                        + " claimed_by = ?, claim_until = ?, next_attempt_at = null, " + JobStore.FINISHED_FACTS
                        + ", updated_at = ? where job_id = ? and state = 'REQUESTED'",
                owner, until, archiveSize, outputSize, archiveTreeHash, IndexKeys.of(archiveTreeHash), outputTreeHash,
                completedAt, now, jobId) == 1;
        if (claimed) {
            handedOver.put(jobId, until);
        }
        return claimed;
    }

    /**
     * True, once, when {@link #stageAndClaim} claimed the job here and that claim has not run out: the
     * fetcher then needs no claim of its own. An expired hand-over is dropped (another instance may have
     * taken the job over since), and the fetcher claims as usual.
     */
    public boolean takeHandedOver(String jobId, Instant now) {
        Instant until = handedOver.remove(jobId);
        return until != null && until.isAfter(now);
    }

    /** Drops a hand-over nobody took; the claim itself stays in the store until it ends or is released. */
    public void forgetHandOver(String jobId) {
        handedOver.remove(jobId);
    }

    /**
     * Takes a job for download on behalf of {@code owner} until {@code until}: a STAGED job whose parking
     * time has come, a DOWNLOADING job whose claim expired (its instance died) or that the owner already
     * holds. One winner across every instance sharing the store.
     */
    public boolean claim(String jobId, String owner, Instant now, Instant until) {
        return claim(jobId, owner, now, until, false);
    }

    /** As {@link #claim(String, String, Instant, Instant)}; {@code evenIfParked} also takes a parked job (to renew it). */
    public boolean claim(String jobId, String owner, Instant now, Instant until, boolean evenIfParked) {
        Instant parkedUntil = evenIfParked ? Instant.parse("9999-12-31T00:00:00Z") : now;
        return store.updateTogether("update thaw_job set state = 'DOWNLOADING', attempts = attempts + 1, claimed_by = ?,"
                        + " claim_until = ?, next_attempt_at = null, updated_at = ? where job_id = ? and ("
                        + " (state = 'STAGED' and (next_attempt_at is null or next_attempt_at <= ?))"
                        + " or (state = 'DOWNLOADING' and (claim_until is null or claim_until < ? or claimed_by = ?)))",
                owner, until, now, jobId, parkedUntil, now, owner) == 1;
    }

    /** Extends every claim the owner holds; answers how many. */
    public int refreshClaims(String owner, Instant until) {
        return store.update("update thaw_job set claim_until = ? where claimed_by = ? and state = 'DOWNLOADING'", until, owner);
    }

    /**
     * At start: claims this instance id still holds belong to its previous, dead run; let them go now, owner
     * and all. (Kept under the same owner, the new run's {@link #refreshClaims} extended them with its own,
     * and nobody took them over: a job left DOWNLOADING whose notice was gone stayed there for good.)
     */
    public int releaseClaimsOf(String owner) {
        return store.update("update thaw_job set claimed_by = null, claim_until = null where claimed_by = ?"
                + " and state = 'DOWNLOADING'", owner);
    }

    /** The job while the owner still holds its claim, else empty (someone took it over after it expired). */
    public Optional<JobRecord> heldClaim(String jobId, String owner) {
        return store.query("select " + JobStore.COLUMNS + " from thaw_job where job_id = ? and state = 'DOWNLOADING'"
                + " and claimed_by = ?", jobId, owner).stream().findFirst();
    }

    /**
     * True while {@code owner} holds the job's claim until at least {@code until}: the fence a delivery
     * passes just before the output takes its final name.
     */
    public boolean holds(String jobId, String owner, Instant until) {
        return text("select job_id from thaw_job where job_id = ? and state = 'DOWNLOADING' and claimed_by = ?"
                + " and claim_until > ?", jobId, owner, until).isPresent();
    }

    /** A failed attempt: back to STAGED, not to be tried again before {@code nextAttempt}. */
    public void park(String jobId, String error, Instant nextAttempt) {
        store.update("update thaw_job set state = 'STAGED', error = ?, next_attempt_at = ?, claimed_by = null,"
                + " claim_until = null, updated_at = ? where job_id = ? and state in ('STAGED', 'DOWNLOADING')",
                JobStore.truncate(error), nextAttempt, Instant.now(), jobId);
    }

    /** The first {@code limit} REQUESTED jobs created before {@code createdBefore} whose next check is due. */
    public List<JobRecord> requestedDue(Instant createdBefore, Instant now, int limit) {
        return store.query("select " + JobStore.COLUMNS + " from thaw_job where state = 'REQUESTED' and created_at <= ?"
                + " and (next_attempt_at is null or next_attempt_at <= ?) order by id" + first(limit), createdBefore, now);
    }

    /** Reserves one Glacier check of a REQUESTED job until {@code next}; false if another instance has it. */
    public boolean takeCheck(String jobId, Instant now, Instant next) {
        return store.update("update thaw_job set next_attempt_at = ? where job_id = ? and state = 'REQUESTED'"
                + " and (next_attempt_at is null or next_attempt_at <= ?)", next, jobId, now) == 1;
    }

    /**
     * The first {@code limit} STAGED jobs nobody is fetching: parked ones whose time came, others untouched
     * since {@code idleBefore}.
     */
    public List<JobRecord> stagedDue(Instant idleBefore, Instant now, int limit) {
        return store.query("select " + JobStore.COLUMNS + " from thaw_job where state = 'STAGED' and ((next_attempt_at is null"
                + " and updated_at <= ?) or next_attempt_at <= ?) order by id" + first(limit), idleBefore, now);
    }

    /** The first {@code limit} DOWNLOADING jobs whose claim expired: their instance died or hangs. */
    public List<JobRecord> abandoned(Instant now, int limit) {
        return store.query("select " + JobStore.COLUMNS + " from thaw_job where state = 'DOWNLOADING'"
                + " and (claim_until is null or claim_until < ?) order by id" + first(limit), now);
    }

    /**
     * The first {@code limit} STAGED jobs completed before {@code completedBefore}, the oldest first: their
     * output window is closing. (DOWNLOADING ones are being fetched: listed, they could fill the batch.)
     */
    public List<JobRecord> windowClosing(Instant completedBefore, int limit) {
        return store.query("select " + JobStore.COLUMNS + " from thaw_job where state = 'STAGED'"
                + " and completed_at is not null and completed_at <= ? order by completed_at, id" + first(limit),
                completedBefore);
    }

    /**
     * The reconciler reads a batch a tick, not every due job: a run with tens of thousands of jobs in flight
     * would hold them all in memory and ask Glacier about all of them in one tick.
     */
    private static String first(int limit) {
        return " fetch first " + Math.max(1, limit) + " rows only";
    }

    /** Jobs not yet final for this archive, range and destination: a request for it needs no new job. */
    public List<JobRecord> activeFor(String vault, String archiveId, String byteRange, String destination) {
        return store.query("select " + JobStore.COLUMNS + " from thaw_job where vault = ? and archive_key = ? and archive_id = ?"
                + " and destination = ? and state in ('REQUESTED', 'STAGED', 'DOWNLOADING') and coalesce(byte_range, '') = ?"
                + " order by id", vault, IndexKeys.of(archiveId), archiveId, destination, byteRange == null ? "" : byteRange);
    }

    /** Records that {@code newJobId} re-requests the output of {@code oldJobId}. */
    public void linkReplacement(String newJobId, String oldJobId) {
        store.update("update thaw_job set replaces = ? where job_id = ?", oldJobId, newJobId);
    }

    /** The job that replaced this one, if any. */
    public Optional<String> replacedBy(String jobId) {
        return text("select replaced_by from thaw_job where job_id = ?", jobId);
    }

    /** The job that already re-requests this one's output (even if the old record was not marked yet). */
    public Optional<String> replacementOf(String oldJobId) {
        return text("select job_id from thaw_job where replaces = ?", oldJobId);
    }

    /** Marks a job whose output window closed as EXPIRED, naming its successor. */
    public boolean markExpired(String jobId, String replacedBy, String reason) {
        return store.update("update thaw_job set state = 'EXPIRED', replaced_by = ?, error = ?, claimed_by = null,"
                        + " claim_until = null, updated_at = ? where job_id = ? and state not in ('DELIVERED', 'EXPIRED')",
                replacedBy, JobStore.truncate(reason), Instant.now(), jobId) == 1;
    }

    private Optional<String> text(String statement, Object... args) {
        return store.sql().single(statement, rs -> rs.getString(1), args);
    }
}
