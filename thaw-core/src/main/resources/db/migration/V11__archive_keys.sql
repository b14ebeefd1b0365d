-- Migration V11: thaw_job's index by archive names it by a 64-bit key of the archive id (IndexKeys), not by the
-- id itself. Archive ids are 138 random characters: each insert into (vault, archive_id) rewrote a leaf, its parent
-- and the root of an index of full pages, about 20 KB on H2 (docs/benchmarks.md, session 21). The new index still
-- leads with the vault, for the statements that ask for a vault's jobs. Migrations fills the keys of existing jobs
-- in Java after this script (the two databases share no hash function).
alter table thaw_job add column if not exists archive_key bigint;
create index if not exists thaw_job_archive_key on thaw_job (vault, archive_key);
drop index if exists thaw_job_archive;
