-- thaw job store, version 9: the walks of the jobs in flight, and of the items started in the last 24 h,
-- read indexes, not rows. A run's report, the pacer's live-job count and the window rule's snapshot join
-- each job in flight to its run item; with 49,000 jobs in flight in a store of 1,000,000 items, H2 read
-- every job's and item's row for the join (about 3 s of the 5 s `thaw status --report` took), and the
-- bytes-per-day window read the row of each of 500,000 items started that day (5.3 s cold; 0.95 s now).
-- Each index keeps its first columns, so the look-ups it served (claims by state and next attempt; an
-- item by its job; items by start time) are served as before, and a change that rewrote an entry still
-- rewrites one. The row's key comes before the added columns, so a new job or item is still added at the
-- end of its index (ordered by a random job id or archive size it went anywhere in it: queuing 1,000,000
-- items took 60 s instead of 38). Each statement may run again after a kill.
create index if not exists thaw_job_state_walk on thaw_job (state, next_attempt_at, id, action, job_id, archive_size);
drop index if exists thaw_job_next_attempt;
create index if not exists thaw_run_item_job_walk on thaw_run_item (job_id, run_id, seq, state, archive_size);
drop index if exists thaw_run_item_job;
create index if not exists thaw_run_item_started_walk on thaw_run_item (started_at, run_id, seq, archive_size);
drop index if exists thaw_run_item_started;
