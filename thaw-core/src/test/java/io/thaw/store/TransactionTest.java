package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread-bound transaction: statements of its thread through any Sql on the same store join it and are
 * invisible to other connections until a commit; close commits (the pacer's starts must never be undone).
 */
class TransactionTest {

    @TempDir
    Path dir;

    @Test
    void statementsOfTheThreadJoinAndBecomeVisibleAtCommit() throws Exception {
        try (JobStore store = JobStore.open("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
            Sql jobs = new Sql(store.dataSource(), "jobs");
            Sql other = new Sql(store.dataSource(), "other");
            try (Transaction tx = jobs.begin()) {
                jobs.update("insert into thaw_timer (name, last_fired) values ('a', current_timestamp)");
                other.update("insert into thaw_timer (name, last_fired) values ('b', current_timestamp)");
                assertEquals(2, count(other), "the thread sees its own uncommitted rows");
                assertEquals(0, CompletableFuture.supplyAsync(() -> count(other)).get(), "another thread does not");
                tx.commit();
                assertEquals(2, CompletableFuture.supplyAsync(() -> count(other)).get());
                other.update("insert into thaw_timer (name, last_fired) values ('c', current_timestamp)");
                assertEquals(2, CompletableFuture.supplyAsync(() -> count(other)).get());
                assertThrows(IllegalStateException.class, jobs::begin, "one transaction per thread");
            }
            assertEquals(3, CompletableFuture.supplyAsync(() -> count(jobs)).get(), "close commits");
            jobs.update("insert into thaw_timer (name, last_fired) values ('d', current_timestamp)");
            assertEquals(4, CompletableFuture.supplyAsync(() -> count(jobs)).get(), "after close: autocommit again");
        }
    }

    private static int count(Sql sql) {
        return sql.single("select count(*) from thaw_timer", rs -> rs.getInt(1)).orElseThrow();
    }
}
