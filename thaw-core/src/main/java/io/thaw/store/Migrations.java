package io.thaw.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Versioned schema migrations: classpath scripts {@code db/migration/V<n>__<what>.sql}, applied in
 * order, each once, recorded in {@code thaw_schema_version}. Kept tiny on purpose (no Flyway): the
 * scripts are plain SQL that both H2 and PostgreSQL accept.
 */
public final class Migrations {

    /** Scripts in order; append a new version here with its file. */
    static final String[] SCRIPTS = {"V1__jobs.sql", "V2__claims.sql", "V3__vault_runs.sql", "V4__retire.sql",
        "V5__run_item_content.sql", "V6__one_state_index.sql",
        "V7__run_item_in_queue_order.sql", "V8__run_tally.sql", "V9__walks_read_indexes.sql",
        "V10__jobs_name_their_run.sql", "V11__archive_keys.sql", "V12__content_keys.sql"};

    /** Data a version's script cannot write on both databases, written in Java after it, in its transaction. */
    private static final java.util.Map<Integer, Step> AFTER_SCRIPT = java.util.Map.of(11, IndexKeys::fillArchiveKeys,
            12, IndexKeys::fillContentKeys);

    @FunctionalInterface
    private interface Step {
        void run(Connection c) throws SQLException;
    }

    /** Advisory lock key that serialises migrations across instances on PostgreSQL. */
    private static final long PG_LOCK = 7_406_521L;

    private Migrations() {
    }

    public static void apply(DataSource ds) {
        apply(ds, SCRIPTS.length);
    }

    /** Migrates up to version {@code upTo} (a test builds an older store with it). */
    static void apply(DataSource ds, int upTo) {
        try (Connection c = ds.getConnection()) {
            // Several instances may start at once on one PostgreSQL store: one migrates, the others wait
            // and then find nothing left to do.
            boolean pg = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            if (pg) {
                try (Statement st = c.createStatement()) {
                    st.execute("select pg_advisory_lock(" + PG_LOCK + ")");
                }
            }
            try {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("create table if not exists thaw_schema_version ("
                            + "version integer primary key, script varchar(200) not null, applied_at timestamp not null)");
                }
                c.commit();
                int current = currentVersion(c);
                if (current > SCRIPTS.length) {
                    // An older thaw on a newer store would skip what the newer schema expects of each change
                    // (e.g. V8's run tally), silently: refuse instead.
                    throw new IllegalStateException("the job store is at schema version " + current + ", newer than"
                            + " this thaw knows (" + SCRIPTS.length + ") — a newer thaw has used it; run that version"
                            + " (every instance sharing the store must run the same one)");
                }
                for (int v = current + 1; v <= upTo; v++) {
                    run(c, v, SCRIPTS[v - 1]);
                }
            } finally {
                if (pg) {
                    c.setAutoCommit(true);
                    try (Statement st = c.createStatement()) {
                        st.execute("select pg_advisory_unlock(" + PG_LOCK + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job store schema migration failed: " + e.getMessage()
                    + " — check thaw.store.url and that the database user may create tables", e);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(max(version), 0) from thaw_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void run(Connection c, int version, String script) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String stmt : statements(script)) {
                st.execute(stmt);
            }
            Step after = AFTER_SCRIPT.get(version);
            if (after != null) {
                after.run(c);
            }
            st.execute("insert into thaw_schema_version (version, script, applied_at) values ("
                    + version + ", '" + script + "', current_timestamp)");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /**
     * The statements of a script, in order. H2 commits each DDL statement on its own, so a kill may stop a
     * script after any of them: each script is written so that every statement is safe to run again on
     * what the ones before it left.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        for (String part : read("db/migration/" + script).split(";\\s*(\\r?\\n|$)")) {
            String stmt = stripComments(part).trim();
            if (!stmt.isEmpty()) {
                out.add(stmt);
            }
        }
        return out;
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\\R")) {
            if (!line.trim().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
