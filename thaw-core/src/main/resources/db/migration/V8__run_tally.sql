-- thaw job store, version 8: each run's archives and bytes per item state, kept with every state change
-- (RunTally). A report of a 1,000,000-item run counted its items: 6 s on H2. Each statement may run again
-- after a kill (H2 commits DDL on its own); the delete and the insert commit with the version row.
create table if not exists thaw_run_tally (
    run_id   varchar(64) not null,
    state    varchar(16) not null,
    archives bigint      not null,
    bytes    bigint      not null,
    primary key (run_id, state)
);
delete from thaw_run_tally;
-- Every run gets a row for every state, zeros too: a state change then only updates.
insert into thaw_run_tally (run_id, state, archives, bytes)
    select r.run_id, s.state, coalesce(t.archives, 0), coalesce(t.bytes, 0)
    from thaw_run r
    cross join (select 'QUEUED' as state union all select 'STARTED' union all select 'SKIPPED' union all
        select 'COPY' union all select 'COPIED' union all select 'FAILED') s
    left join (select run_id, state, count(*) as archives, sum(archive_size) as bytes from thaw_run_item
        group by run_id, state) t on t.run_id = r.run_id and t.state = s.state;
