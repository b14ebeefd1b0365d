-- thaw job store, version 2: claims (several instances share one store), retry timing, and the link
-- between a job whose 24 h output window passed and the job that replaced it. H2 and PostgreSQL.
-- claimed_by/claim_until: which instance works on a DOWNLOADING job and until when; an expired claim
-- belongs to a dead instance and may be taken over.
alter table thaw_job add column if not exists claimed_by varchar(200);
alter table thaw_job add column if not exists claim_until timestamp;
-- next_attempt_at: REQUESTED = when to ask Glacier again; STAGED = when a parked job may be retried.
alter table thaw_job add column if not exists next_attempt_at timestamp;
-- replaces/replaced_by: job ids linking an EXPIRED job to its re-initiated successor.
alter table thaw_job add column if not exists replaces varchar(400);
alter table thaw_job add column if not exists replaced_by varchar(400);
create index if not exists thaw_job_next_attempt on thaw_job (state, next_attempt_at);
