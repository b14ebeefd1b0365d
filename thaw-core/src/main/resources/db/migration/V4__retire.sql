-- thaw job store, version 4: retiring vaults (thaw retire). Plain SQL for H2 and PostgreSQL.
-- One row per `thaw retire`: its vault, whether it deletes (confirm) and where it stands
-- (DRY_RUN, DELETING, DONE, REFUSED; INVENTORY while --delete-vault waits for its inventory).
create table if not exists thaw_retire (
    retire_id   varchar(64)   primary key,
    vault       varchar(255)  not null,
    account     varchar(12)   not null,
    confirm     boolean       not null,
    state       varchar(16)   not null,
    reason      varchar(4000),
    -- --delete-vault: the inventory job whose output decides whether the vault is empty
    inventory_job varchar(400),
    created_at  timestamp     not null,
    updated_at  timestamp     not null,
    finished_at timestamp
);
create index if not exists thaw_retire_vault on thaw_retire (vault, state);

-- One row per archive a retire looked at: DELETE (verified, to be deleted), KEEP (why: kind + reason),
-- DELETED (Glacier accepted the delete, or no longer had the archive). Written one by one, so a
-- killed retire resumes where it stopped and never counts an archive twice.
create table if not exists thaw_retire_item (
    retire_id    varchar(64)   not null,
    seq          bigint        not null,
    archive_id   varchar(400)  not null,
    archive_size bigint        not null,
    tree_hash    varchar(64),
    job_id       varchar(400),
    destination  varchar(2048),
    location     varchar(4096),
    delivered_at timestamp,
    created_at   timestamp,
    state        varchar(16)   not null,
    kind         varchar(16),
    reason       varchar(4000),
    verified_at  timestamp,
    deleted_at   timestamp,
    primary key (retire_id, archive_id)
);
create index if not exists thaw_retire_item_state on thaw_retire_item (retire_id, state, seq);
create index if not exists thaw_retire_item_content on thaw_retire_item (retire_id, tree_hash, archive_size);
