-- thaw job store, version 7: run items keyed in queue order. Plain SQL for H2 and PostgreSQL.
-- Queuing writes a run's items in queue order. Keyed by (run_id, archive_id) and indexed by content
-- (tree_hash, ...), every insert went to a random place in two B-trees; H2 rewrites each page a
-- change dirties, so queuing 100,000 items wrote a 1 GB file and 1,000,000 did not finish in 7 minutes.
-- Keyed by (run_id, seq) every index of a new item grows at its end. State changes name an item by
-- its seq; the content look-up across runs (same content delivered by an earlier run's copy) uses
-- copied_tree_hash, set only when a copy is written, so that index holds COPIED items only.
-- H2 commits each DDL statement on its own, so a kill can stop this script after any statement; every
-- statement is therefore safe to run again on what the ones before it left (PostgreSQL runs the script in
-- one transaction). A kill after the old table was dropped leaves only the copy: the empty stand-in below
-- lets the rest run. A kill after the rename: the copy is made again from the new table (same columns).
create table if not exists thaw_run_item (
    run_id           varchar(64)   not null,
    seq              bigint        not null,
    archive_id       varchar(400)  not null,
    archive_size     bigint        not null,
    tree_hash        varchar(64),
    name             varchar(4096) not null,
    state            varchar(16)   not null,
    job_id           varchar(400),
    copy_of          varchar(400),
    delivered_to     varchar(4096),
    reason           varchar(4000),
    started_at       timestamp,
    primary key (run_id, archive_id)
);
create table if not exists thaw_run_item_v7 (
    run_id           varchar(64)   not null,
    seq              bigint        not null,
    archive_id       varchar(400)  not null,
    archive_size     bigint        not null,
    tree_hash        varchar(64),
    name             varchar(4096) not null,
    state            varchar(16)   not null,
    job_id           varchar(400),
    copy_of          varchar(400),
    delivered_to     varchar(4096),
    reason           varchar(4000),
    started_at       timestamp,
    copied_tree_hash varchar(64),
    primary key (run_id, seq)
);
-- The copy is one statement, committed by the drop after it: the new table is either empty or complete.
insert into thaw_run_item_v7 (run_id, seq, archive_id, archive_size, tree_hash, name, state, job_id, copy_of,
    delivered_to, reason, started_at, copied_tree_hash)
    select run_id, seq, archive_id, archive_size, tree_hash, name, state, job_id, copy_of, delivered_to, reason,
        started_at, case when state = 'COPIED' then tree_hash end from thaw_run_item
    where not exists (select 1 from thaw_run_item_v7);
drop table thaw_run_item;
alter table thaw_run_item_v7 rename to thaw_run_item;
create index if not exists thaw_run_item_queue on thaw_run_item (run_id, state, seq);
create index if not exists thaw_run_item_copied on thaw_run_item (copied_tree_hash, archive_size);
create index if not exists thaw_run_item_copy on thaw_run_item (copy_of);
create index if not exists thaw_run_item_job on thaw_run_item (job_id);
create index if not exists thaw_run_item_started on thaw_run_item (started_at);
