-- thaw job store, version 3: whole-vault (or filtered) retrieval runs. Plain SQL for H2 and PostgreSQL.
-- One row per run: what was asked, and where it stands.
create table if not exists thaw_run (
    run_id        varchar(64)   primary key,
    vault         varchar(255)  not null,
    account       varchar(12)   not null,
    tier          varchar(16)   not null,
    destination   varchar(2048) not null,
    selection     varchar(8000) not null,
    request_file  varchar(2048),
    request_hash  varchar(64),
    state         varchar(24)   not null,
    reason        varchar(4000),
    created_at    timestamp     not null,
    updated_at    timestamp     not null,
    finished_at   timestamp
);
create index if not exists thaw_run_state on thaw_run (state);
create index if not exists thaw_run_request on thaw_run (request_hash);

-- Inventory pages a run retrieved (InventoryRetrievalParameters Limit/Marker), in order.
create table if not exists thaw_run_page (
    run_id      varchar(64)   not null,
    page        integer       not null,
    job_id      varchar(400)  not null,
    location    varchar(4096),
    next_marker varchar(1024),
    primary key (run_id, page)
);
create index if not exists thaw_run_page_job on thaw_run_page (job_id);

-- The archives of a run: QUEUED (to start), STARTED (job_id), SKIPPED (reason), COPY (same content as
-- archive copy_of, written from its output), COPIED, FAILED (reason).
create table if not exists thaw_run_item (
    run_id       varchar(64)   not null,
    seq          bigint        not null,
    archive_id   varchar(400)  not null,
    archive_size bigint        not null,
    tree_hash    varchar(64),
    name         varchar(4096) not null,
    state        varchar(16)   not null,
    job_id       varchar(400),
    copy_of      varchar(400),
    delivered_to varchar(4096),
    reason       varchar(4000),
    started_at   timestamp,
    primary key (run_id, archive_id)
);
create index if not exists thaw_run_item_queue on thaw_run_item (run_id, state, seq);
create index if not exists thaw_run_item_content on thaw_run_item (run_id, tree_hash, archive_size);
create index if not exists thaw_run_item_copy on thaw_run_item (copy_of);
create index if not exists thaw_run_item_job on thaw_run_item (job_id);
create index if not exists thaw_run_item_started on thaw_run_item (started_at);
create index if not exists thaw_job_content on thaw_job (vault, archive_tree_hash, archive_size);
