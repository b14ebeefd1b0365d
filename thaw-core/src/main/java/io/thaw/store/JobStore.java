package io.thaw.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * The job store: every job thaw started or adopted, in a JDBC database (embedded H2 file by default,
 * PostgreSQL when several instances share the work). State changes are conditional updates
 * ("set state = X where state in (...)"), so two consumers of the same notice cannot both win.
 */
public final class JobStore implements AutoCloseable, io.thaw.glacier.ChunkLog {

    static final String COLUMNS = "id, job_id, vault, account, action, archive_id, tier, format, byte_range,"
            + " job_description, request_file, destination, name, state, archive_size, output_size,"
            + " archive_tree_hash, output_tree_hash, archive_description, delivered_to, bytes_done, error, attempts,"
            + " created_at, updated_at, completed_at, delivered_at";

    /**
     * What a finished job's notice (or DescribeJob) tells, for an UPDATE: six parameters — archive size,
     * output size, archive tree hash, its {@link IndexKeys key}, output tree hash (each kept when null),
     * completion date.
     */
    static final String FINISHED_FACTS = "archive_size = coalesce(?, archive_size), output_size = coalesce(?, output_size),"
            + " archive_tree_hash = coalesce(?, archive_tree_hash), content_key = coalesce(?, content_key),"
            + " output_tree_hash = coalesce(?, output_tree_hash), completed_at = ?";

    /** When a job released after its n-th failed attempt may be tried again: at once (null). */
    public static final IntFunction<Instant> RETRY_AT_ONCE = attempts -> null;

    private final HikariDataSource ds;
    private final IntFunction<Instant> retryAt;
    private final H2Housekeeping housekeeping;

    private final Sql sql;
    private final GroupCommit together;

    private JobStore(HikariDataSource ds, IntFunction<Instant> retryAt) {
        this.ds = ds;
        this.retryAt = retryAt;
        this.sql = new Sql(ds, "job store");
        // H2 only: on PostgreSQL the savepoints cost thaw more than the fewer commits saved (10,000 archives:
        // thaw +14 % CPU, 117-120 against 127-133 archives/s; docs/benchmarks.md, session 24)
        this.together = isH2(ds.getJdbcUrl()) ? new GroupCommit(ds, sql) : null;
        this.housekeeping = H2Housekeeping.startFor(ds);
    }

    /**
     * Opens (and migrates) the store at a JDBC URL, e.g. {@code jdbc:h2:file:work/thaw-db}; a released job
     * may be tried again at once ({@code thaw fetch}, {@code status}, {@code plan}: nothing parks jobs there).
     */
    public static JobStore open(String url, String user, String password) {
        return open(url, user, password, RETRY_AT_ONCE);
    }

    /**
     * As {@link #open(String, String, String)}, parking each released job until {@code retryAt} says
     * (given the job's attempts so far; null: at once) — the back-off of {@code thaw run}.
     */
    public static JobStore open(String url, String user, String password, IntFunction<Instant> retryAt) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(parsedStatementCache(durable(url)));
        if (user != null && !user.isBlank()) {
            cfg.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            cfg.setPassword(password);
        }
        // thaw.notices.consumers (8) threads, plus the reconciler, pacer, claim keeper and API
        cfg.setMaximumPoolSize(16);
        cfg.setPoolName("thaw-store");
        cfg.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Migrations.apply(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new JobStore(ds, retryAt);
    }

    /**
     * An H2 URL made durable at each commit: H2 writes commits to its file in the background every
     * WRITE_DELAY (500 ms by default), so a kill -9 lost the jobs of the last half second — after their
     * request file had moved to .done/. With WRITE_DELAY=0 every commit is written to the file before
     * it returns (the bytes are then in the operating system's hands, which outlives the process). A
     * URL that sets WRITE_DELAY itself keeps it, with a warning. MAX_COMPACT_TIME=0 skips the chunk
     * moving H2 does when the last connection closes: it failed with an AssertionError in H2KillIT
     * and left a file the next process could not use (freed space is still reused without it).
     * Other databases are left as they are.
     */
    public static String durable(String url) {
        if (!isH2(url) || url.regionMatches(true, 8, "mem:", 0, 4)) {
            return url;
        }
        if (!url.toUpperCase(java.util.Locale.ROOT).contains(";MAX_COMPACT_TIME=")) {
            url += ";MAX_COMPACT_TIME=0";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i);WRITE_DELAY=(\\d+)").matcher(url);
        if (!m.find()) {
            return url + ";WRITE_DELAY=0";
        }
        if (!m.group(1).equals("0")) {
            org.slf4j.LoggerFactory.getLogger(JobStore.class).warn("thaw.store.url sets WRITE_DELAY={}: commits of"
                    + " the last {} ms are lost if thaw is killed — remove it (thaw uses WRITE_DELAY=0)", m.group(1), m.group(1));
        }
        return url;
    }

    /**
     * An H2 URL with a larger cache of parsed statements per connection: H2 keeps 8 and parses any other
     * statement again, and a worker or the pacer runs more distinct statements than that in turn, so H2
     * parsed most of them anew each time (a 10,000-archive run: thaw's CPU 5 % lower with 64). A URL that
     * sets QUERY_CACHE_SIZE keeps it; other databases are left as they are.
     */
    public static String parsedStatementCache(String url) {
        if (!isH2(url) || url.toUpperCase(java.util.Locale.ROOT).contains(";QUERY_CACHE_SIZE=")) {
            return url;
        }
        return url + ";QUERY_CACHE_SIZE=64";
    }

    private static boolean isH2(String url) {
        return url != null && url.regionMatches(true, 0, "jdbc:h2:", 0, 8);
    }

    public DataSource dataSource() {
        return ds;
    }

    public JobRecord insert(NewJob j) {
        add(j);
        return find(j.jobId()).orElseThrow();
    }

    /** As {@link #insert}, without reading the record back (a pacer writing a batch of starts needs only the id). */
    public void add(NewJob j) {
        Instant now = Instant.now();
        update("insert into thaw_job (job_id, vault, account, action, archive_id, tier, format, byte_range,"
                        + " job_description, request_file, request_hash, destination, name, state, created_at, updated_at,"
                        + " archive_size, archive_tree_hash, archive_key, content_key)"
                        + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                j.jobId(), j.vault(), j.account(), j.action(), j.archiveId(), j.tier(), j.format(), j.byteRange(),
                j.jobDescription(), j.requestFile(), j.requestHash(), j.destination(), j.name(),
                JobState.REQUESTED.name(), now, now, j.archiveSize(), j.archiveTreeHash(), IndexKeys.of(j.archiveId()),
                IndexKeys.of(j.archiveTreeHash()));
    }

    public Optional<JobRecord> find(String jobId) {
        List<JobRecord> r = query("select " + COLUMNS + " from thaw_job where job_id = ?", jobId);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Every job of a vault (null: of every vault) in memory, newest first: for small sets; listings page. */
    public List<JobRecord> list(String vault) {
        return vault == null
                ? query("select " + COLUMNS + " from thaw_job order by id desc")
                : query("select " + COLUMNS + " from thaw_job where vault = ? order by id desc", vault);
    }

    /**
     * A page of jobs, newest first: at most {@code limit}, with an id below {@code beforeId} (null: from the
     * newest), of one vault and one state when given (null: any). A whole-vault run leaves a job per archive,
     * so a listing is a page at a time, never every job in memory (490,000 jobs took 2 GB and 13 s).
     */
    public List<JobRecord> page(String vault, JobState state, Long beforeId, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (vault != null) {
            where.append(" and vault = ?");
            args.add(vault);
        }
        if (state != null) {
            where.append(" and state = ?");
            args.add(state.name());
        }
        if (beforeId != null) {
            where.append(" and id < ?");
            args.add(beforeId);
        }
        // The page's ids first, then their rows: for a state H2 picks the ids from the job-state index, where
        // reading the rows to sort them took 2-3 s for 49,000 REQUESTED jobs (0.3 s this way)
        return query("select " + COLUMNS + " from thaw_job where id in (select id from thaw_job" + where
                + " order by id desc fetch first " + Math.max(1, limit) + " rows only) order by id desc", args.toArray());
    }

    /** Each job matching {@code page}'s filters to {@code each}, newest first, read a page at a time. */
    public void forEach(String vault, JobState state, Consumer<JobRecord> each) {
        Long before = null;
        List<JobRecord> page;
        do {
            page = page(vault, state, before, 1000);
            page.forEach(each);
            before = page.isEmpty() ? null : page.get(page.size() - 1).id();
        } while (page.size() == 1000);
    }

    /** Jobs started from a request file with this content hash (a file dropped twice, or retried). */
    public List<JobRecord> byRequestHash(String requestHash) {
        return query("select " + COLUMNS + " from thaw_job where request_hash = ? order by id", requestHash);
    }

    /**
     * Jobs per state. DELIVERED, nearly every job of a big store, is the total less the others: H2 answers
     * the total from the table's row count and the others from the job-state index, where grouping every
     * job read the whole index (1.6 s cold at 490,000 jobs, 0.3 s this way). One statement: one snapshot.
     */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        long[] total = new long[1];
        String others = java.util.Arrays.stream(JobState.values()).filter(s -> s != JobState.DELIVERED)
                .map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", "));
        sql.stream("select '*', count(*) from thaw_job union all select state, count(*) from thaw_job where state in ("
                + others + ") group by state", rs -> Map.entry(rs.getString(1), rs.getLong(2)), e -> {
                    if (e.getKey().equals("*")) {
                        total[0] = e.getValue();
                    } else {
                        counts.put(JobState.valueOf(e.getKey()), e.getValue());
                    }
                }, 0);
        counts.put(JobState.DELIVERED, total[0] - counts.values().stream().mapToLong(Long::longValue).sum());
        return counts;
    }

    /** Glacier finished the job: REQUESTED to STAGED, with what the notice or DescribeJob told. */
    public boolean markStaged(String jobId, Long archiveSize, Long outputSize, String archiveTreeHash,
                              String outputTreeHash, Instant completedAt) {
        return update("update thaw_job set state = 'STAGED', " + FINISHED_FACTS + ", updated_at = ?,"
                        + " next_attempt_at = null where job_id = ? and state = 'REQUESTED'",
                archiveSize, outputSize, archiveTreeHash, IndexKeys.of(archiveTreeHash), outputTreeHash, completedAt, Instant.now(),
                jobId) == 1;
    }

    /** Takes a STAGED job for download; false when someone else has it or it is final. */
    public boolean claimForDownload(String jobId) {
        return update("update thaw_job set state = 'DOWNLOADING', attempts = attempts + 1, updated_at = ?"
                + " where job_id = ? and state in ('STAGED', 'DOWNLOADING')", Instant.now(), jobId) == 1;
    }

    /**
     * {@code thaw fetch} was asked explicitly for a job the store had given up on or already delivered:
     * FAILED or DELIVERED back to STAGED (with the output facts DescribeJob just gave), so it can be
     * claimed again. Returns false when the job is in another state.
     */
    public boolean reopenForFetch(String jobId, Long archiveSize, Long outputSize, String archiveTreeHash,
                                  String outputTreeHash, Instant completedAt) {
        return update("update thaw_job set state = 'STAGED', error = null, " + FINISHED_FACTS + ", updated_at = ?"
                        + " where job_id = ? and state in ('FAILED', 'DELIVERED')",
                archiveSize, outputSize, archiveTreeHash, IndexKeys.of(archiveTreeHash), outputTreeHash, completedAt, Instant.now(),
                jobId) == 1;
    }

    @Override
    public void recordProgress(String jobId, long bytesDone) {
        update("update thaw_job set bytes_done = ?, updated_at = ? where job_id = ?", bytesDone, Instant.now(), jobId);
    }

    public void recordArchiveDescription(String jobId, String description) {
        update("update thaw_job set archive_description = ? where job_id = ?", description, jobId);
    }

    public boolean markDelivered(String jobId, String deliveredTo, long size) {
        return markDelivered(jobId, deliveredTo, size, true);
    }

    /**
     * DELIVERED, with where and how much. {@code dropChunks}: the output may have chunk records (it was
     * fetched in several chunks), which a delivered job no longer needs; they go in the same transaction
     * (one commit, one WAL flush on PostgreSQL). Without them it is a single statement.
     */
    public boolean markDelivered(String jobId, String deliveredTo, long size, boolean dropChunks) {
        return markDelivered(jobId, deliveredTo, size, dropChunks, null);
    }

    /**
     * As {@link #markDelivered(String, String, long, boolean)}, fenced: with {@code owner} set, only while
     * that instance still holds the job's claim (DOWNLOADING, claimed by it). False otherwise.
     */
    public boolean markDelivered(String jobId, String deliveredTo, long size, boolean dropChunks, String owner) {
        Instant now = Instant.now();
        String sql = "update thaw_job set state = 'DELIVERED', delivered_to = ?, output_size = ?, bytes_done = ?,"
                + " error = null, delivered_at = ?, updated_at = ? where job_id = ? and "
                + (owner == null ? "state <> 'DELIVERED'" : "state = 'DOWNLOADING' and claimed_by = ?");
        Object[] args = owner == null ? new Object[] {deliveredTo, size, size, now, now, jobId}
                : new Object[] {deliveredTo, size, size, now, now, jobId, owner};
        if (!dropChunks) {
            return updateTogether(sql, args) == 1;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, args);
                    n = ps.executeUpdate();
                }
                if (n == 1) {
                    try (PreparedStatement ps = c.prepareStatement("delete from thaw_chunk where job_id = ?")) {
                        bind(ps, jobId);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return n == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * A download or delivery attempt failed but may be retried: back to STAGED with the reason.
     *
     * @return when it may be tried again (null: at once)
     */
    public Instant releaseAfterError(String jobId, String error) {
        return releaseAfterError(jobId, error, null);
    }

    /**
     * As {@link #releaseAfterError(String, String)}; with {@code owner} set, only while that instance holds
     * the claim — a worker whose claim another instance took over must not take the job from it.
     */
    public Instant releaseAfterError(String jobId, String error, String owner) {
        // Parked until the back-off policy's time (attempts counts every claim), so a destination that
        // is down for hours is retried ever more rarely instead of spinning.
        Instant next = find(jobId).map(j -> retryAt.apply(j.attempts())).orElse(null);
        String sql = "update thaw_job set state = 'STAGED', error = ?, updated_at = ?, claimed_by = null, claim_until = null,"
                + " next_attempt_at = ? where job_id = ? and state = 'DOWNLOADING'";
        if (owner == null) {
            update(sql, truncate(error), Instant.now(), next, jobId);
        } else {
            update(sql + " and claimed_by = ?", truncate(error), Instant.now(), next, jobId, owner);
        }
        return next;
    }

    public boolean markFailed(String jobId, String error) {
        return update("update thaw_job set state = 'FAILED', error = ?, updated_at = ? where job_id = ? and state <> 'DELIVERED'",
                truncate(error), Instant.now(), jobId) == 1;
    }

    // ---- chunks of a resumable download ----

    @Override
    public void saveChunk(String jobId, int index, long size, String treeHash) {
        update("delete from thaw_chunk where job_id = ? and chunk_index = ?", jobId, index);
        update("insert into thaw_chunk (job_id, chunk_index, chunk_size, tree_hash) values (?,?,?,?)",
                jobId, index, size, treeHash);
    }

    @Override
    public List<Chunk> chunks(String jobId) {
        return sql.list("select chunk_index, chunk_size, tree_hash from thaw_chunk where job_id = ? order by chunk_index",
                rs -> new Chunk(rs.getInt(1), rs.getLong(2), rs.getString(3)), jobId);
    }

    @Override
    public void clearChunks(String jobId) {
        update("delete from thaw_chunk where job_id = ?", jobId);
    }

    // ---- schedules ----

    public Optional<Instant> lastFired(String timer) {
        return sql.single("select last_fired from thaw_timer where name = ?", rs -> Sql.instant(rs, 1), timer);
    }

    /** Records a firing only if nobody recorded another since {@code previous}: one winner per firing. */
    public boolean markFired(String timer, Instant previous, Instant now) {
        if (previous == null) {
            try {
                return update("insert into thaw_timer (name, last_fired) values (?, ?)", timer, now) == 1;
            } catch (IllegalStateException duplicate) {
                return false;
            }
        }
        return update("update thaw_timer set last_fired = ? where name = ? and last_fired = ?", now, timer, previous) == 1;
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        if (together != null) {
            long[] grouped = together.counts();
            org.slf4j.LoggerFactory.getLogger(JobStore.class).debug("job store: {} claims and deliveries in {} commits",
                    grouped[1], grouped[0]);
        }
        ds.close();
    }

    // ---- JDBC plumbing ----

    int update(String statement, Object... args) {
        return sql.update(statement, args);
    }

    /**
     * As {@link #update}, committed together with the statements other threads make this way at the same time
     * ({@link GroupCommit}, on H2): for the single-statement changes every archive makes (its claim, its DELIVERED).
     */
    int updateTogether(String statement, Object... args) {
        return together == null ? sql.update(statement, args) : together.update(statement, args);
    }

    /** Commits {@link #updateTogether} made and the statements they held; null where it does not group (PostgreSQL). */
    long[] groupCommits() {
        return together == null ? null : together.counts();
    }

    /** The store's JDBC helper, for the other store classes of this package. */
    Sql sql() {
        return sql;
    }

    List<JobRecord> query(String statement, Object... args) {
        return sql.list(statement, JobStore::map, args);
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        Sql.bind(ps, args);
    }

    private static JobRecord map(ResultSet rs) throws SQLException {
        return new JobRecord(rs.getLong("id"), rs.getString("job_id"), rs.getString("vault"), rs.getString("account"),
                rs.getString("action"), rs.getString("archive_id"), rs.getString("tier"), rs.getString("format"),
                rs.getString("byte_range"), rs.getString("job_description"), rs.getString("request_file"),
                rs.getString("destination"), rs.getString("name"), JobState.valueOf(rs.getString("state")),
                (Long) rs.getObject("archive_size", Long.class), (Long) rs.getObject("output_size", Long.class),
                rs.getString("archive_tree_hash"), rs.getString("output_tree_hash"), rs.getString("archive_description"),
                rs.getString("delivered_to"), rs.getLong("bytes_done"), rs.getString("error"), rs.getInt("attempts"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), Sql.instant(rs, "completed_at"),
                Sql.instant(rs, "delivered_at"));
    }

    static String truncate(String s) {
        return Sql.truncate(s);
    }

    static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("job store: " + e.getMessage(), e);
    }
}
