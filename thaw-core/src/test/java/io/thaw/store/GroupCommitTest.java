package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: statements that arrive while a commit is under way share the next one; each caller gets its own
 * update count or its own error, and returns only once its statement is committed. On H2 and on PostgreSQL
 * (where a failed statement would void the whole transaction without its savepoint).
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    /** Threads of their own: the common pool may have one thread on a two-core machine, and these block. */
    private final ExecutorService callers = Executors.newFixedThreadPool(12);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void statementsWaitingForACommitShareTheNextOneOnH2() throws Exception {
        sharesCommits(h2());
    }

    @Test
    void aFailingStatementFailsAloneOnH2() throws Exception {
        failsAlone(h2());
    }

    @Test
    void statementsWaitingForACommitShareTheNextOneOnPostgres() throws Exception {
        BareStores.onPostgres(this::sharesCommits);
    }

    @Test
    void aFailingStatementFailsAloneOnPostgres() throws Exception {
        BareStores.onPostgres(this::failsAlone);
    }

    @Test
    void aThreadWithItsOwnTransactionRunsItsStatementThere() throws Exception {
        DataSource ds = h2();
        table(ds, "a", "b");
        Sql sql = new Sql(ds, "test");
        GroupCommit together = new GroupCommit(ds, sql);
        try (Transaction tx = sql.begin()) {
            assertEquals(1, together.update("update t set n = n + 1 where name = 'a'"));
            assertEquals(0, got(CompletableFuture.supplyAsync(() -> n(ds, "a"), callers)), "not committed before the transaction");
        }
        assertEquals(1, n(ds, "a"));
        assertArrayEquals(new long[] {0, 0}, together.counts(), "no commit of its own");
    }

    @Test
    void aCallerAloneDoesNotWaitForOthers() throws Exception {
        DataSource ds = h2();
        table(ds, "a");
        GroupCommit together = new GroupCommit(ds, new Sql(ds, "test"));
        for (int i = 0; i < 20; i++) {
            assertEquals(1, together.update("update t set n = n + 1 where name = 'a'"));
        }
        assertArrayEquals(new long[] {20, 20}, together.counts());
        assertEquals(0, together.gathers(), "one worker's statements never wait for company");
        assertEquals(20, n(ds, "a"));
    }

    @Test
    void anInterruptedCallerCommitsAndKeepsItsInterrupt() throws Exception {
        DataSource ds = h2();
        table(ds, "a");
        GroupCommit together = new GroupCommit(ds, new Sql(ds, "test"));
        boolean[] stillInterrupted = new boolean[1];
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt(); // a worker told to stop just before it records its delivery
            together.update("update t set n = n + 1 where name = 'a'");
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        caller.start();
        caller.join(10_000);
        assertEquals(1, n(ds, "a"), "committed");
        assertTrue(stillInterrupted[0], "the interrupt is the caller's to handle after");
        assertEquals(1, new GroupCommit(ds, new Sql(ds, "test")).update("update t set n = n + 1 where name = 'a'"),
                "the store still works");
    }

    /** Eight statements queue behind a leader whose statement waits for a row lock: two commits in all. */
    private void sharesCommits(DataSource ds) throws Exception {
        table(ds, "blocked", "a", "b", "c", "d", "e", "f", "g");
        GroupCommit together = new GroupCommit(ds, new Sql(ds, "test"));
        try (Connection locker = ds.getConnection()) {
            locker.setAutoCommit(false);
            locker.createStatement().executeUpdate("update t set n = 100 where name = 'blocked'");
            CompletableFuture<Integer> leader = CompletableFuture.supplyAsync(
                    () -> together.update("update t set n = n + 1 where name = ?", "blocked"), callers);
            Thread.sleep(300); // the leader's statement now waits for the lock
            List<CompletableFuture<Integer>> followers = new ArrayList<>();
            for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "nobody")) {
                followers.add(CompletableFuture.supplyAsync(() -> together.update("update t set n = n + 1 where name = ?",
                        name), callers));
            }
            Thread.sleep(300);
            assertTrue(followers.stream().noneMatch(CompletableFuture::isDone), "a follower returned before its commit");
            locker.commit();
            assertEquals(1, got(leader));
            for (int i = 0; i < 7; i++) {
                assertEquals(1, got(followers.get(i)));
            }
            assertEquals(0, got(followers.get(7)), "a statement that changes no row answers 0");
        }
        assertArrayEquals(new long[] {2, 9}, together.counts(), "the leader's commit, then one for the eight");
        assertEquals(1, together.gathers(), "the first leader came alone; the second had callers queued behind it");
        assertEquals(101, n(ds, "blocked"));
        for (String name : List.of("a", "b", "c", "d", "e", "f", "g")) {
            assertEquals(1, n(ds, name), name + " committed");
        }
    }

    /** Of three statements sharing a commit, the one breaking the primary key fails; the other two are committed. */
    private void failsAlone(DataSource ds) throws Exception {
        table(ds, "blocked", "a", "b", "taken");
        GroupCommit together = new GroupCommit(ds, new Sql(ds, "test"));
        try (Connection locker = ds.getConnection()) {
            locker.setAutoCommit(false);
            locker.createStatement().executeUpdate("update t set n = 100 where name = 'blocked'");
            CompletableFuture<Integer> leader = CompletableFuture.supplyAsync(
                    () -> together.update("update t set n = n + 1 where name = 'blocked'"), callers);
            Thread.sleep(300);
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> together.update(
                    "update t set n = n + 1 where name = 'a'"), callers);
            Thread.sleep(50);
            CompletableFuture<Integer> duplicate = CompletableFuture.supplyAsync(() -> together.update(
                    "update t set name = 'taken' where name = 'b'"), callers);
            Thread.sleep(50);
            CompletableFuture<Integer> inserted = CompletableFuture.supplyAsync(() -> together.update(
                    "insert into t (name, n) values ('new', 7)"), callers);
            Thread.sleep(300);
            locker.commit();
            assertEquals(1, got(leader));
            assertEquals(1, got(a));
            assertEquals(1, got(inserted));
            ExecutionException e = assertThrows(ExecutionException.class, () -> got(duplicate));
            assertTrue(e.getCause() instanceof IllegalStateException && e.getCause().getMessage().startsWith("test: "),
                    "the caller gets its statement's own error: " + e.getCause());
        }
        assertArrayEquals(new long[] {2, 4}, together.counts());
        assertEquals(1, n(ds, "a"));
        assertEquals(7, n(ds, "new"));
        assertEquals(0, n(ds, "b"), "the failed statement is undone alone");
    }

    private static int got(CompletableFuture<Integer> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db") + ";LOCK_TIMEOUT=10000");
        return h2;
    }

    private static void table(DataSource ds, String... names) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("create table t (name varchar(20) primary key, n int not null)");
            for (String name : names) {
                s.executeUpdate("insert into t (name, n) values ('" + name + "', 0)");
            }
        }
    }

    private static int n(DataSource ds, String name) {
        return new Sql(ds, "test").single("select n from t where name = ?", rs -> rs.getInt(1), name).orElseThrow();
    }
}
