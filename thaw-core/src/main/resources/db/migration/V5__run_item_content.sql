-- thaw job store, version 5: finding a content among all runs' items of a vault. Plain SQL for H2 and PostgreSQL.
-- Queuing a run asks, for every archive, whether a run of the vault already wrote the same content under
-- the same name (COPIED): with run_id first in the content index both databases scanned every run item for
-- it, so queuing 100,000 archives took minutes (each look-up walked the rows inserted so far). Content
-- first serves that look-up and the run's own (run_id = ? and tree_hash = ? and archive_size = ?) alike.
drop index if exists thaw_run_item_content;
create index if not exists thaw_run_item_content on thaw_run_item (tree_hash, archive_size, run_id);
