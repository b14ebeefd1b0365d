-- thaw job store, version 6: one index on a job's state. Plain SQL for H2 and PostgreSQL.
-- thaw_job_state (state) repeats the first column of thaw_job_next_attempt (state, next_attempt_at), which
-- serves every look-up by state as well; each state change (stage-and-claim, DELIVERED: two per archive
-- of a whole-vault run) rewrote entries of both, and H2 pays for every page a change dirties.
drop index if exists thaw_job_state;
