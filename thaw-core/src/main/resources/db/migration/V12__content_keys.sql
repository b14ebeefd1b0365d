-- Migration V12: thaw_job's content index names the archive's tree hash by a 64-bit key (IndexKeys), as V11 does
-- the archive id: (vault, archive_tree_hash, archive_size) held 64-character random strings, and each job's insert
-- rewrote full pages of them. The new index still leads with the vault. Migrations fills the keys of existing jobs
-- in Java after this script.
alter table thaw_job add column if not exists content_key bigint;
create index if not exists thaw_job_content_key on thaw_job (vault, content_key);
drop index if exists thaw_job_content;
