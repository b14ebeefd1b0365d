package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 URLs, the default one and the operator's, are made durable at each commit and keep more parsed
 * statements per connection; others are left alone.
 */
class DurableUrlTest {

    @Test
    void h2FileUrlsGetWriteDelayZeroAndNoCompactionAtClose() {
        assertEquals("jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE;MAX_COMPACT_TIME=0;WRITE_DELAY=0",
                JobStore.durable("jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE"));
        assertEquals("jdbc:h2:/srv/thaw/db;MAX_COMPACT_TIME=0;WRITE_DELAY=0", JobStore.durable("jdbc:h2:/srv/thaw/db"));
    }

    @Test
    void anExplicitSettingIsKeptAndOtherDatabasesAreUntouched() {
        assertEquals("jdbc:h2:file:db;write_delay=300;MAX_COMPACT_TIME=0", JobStore.durable("jdbc:h2:file:db;write_delay=300"));
        assertEquals("jdbc:h2:file:db;MAX_COMPACT_TIME=100;WRITE_DELAY=0", JobStore.durable("jdbc:h2:file:db;MAX_COMPACT_TIME=100"));
        assertEquals("jdbc:h2:mem:test", JobStore.durable("jdbc:h2:mem:test"));
        assertEquals("jdbc:postgresql://db/thaw", JobStore.durable("jdbc:postgresql://db/thaw"));
    }

    @Test
    void aStoreOpenedOnH2Keeps64ParsedStatementsPerConnectionUnlessTheUrlSaysOtherwise(@TempDir Path dir) throws Exception {
        assertEquals("64", querySetting(JobStore.open("jdbc:h2:file:" + dir.resolve("a"), "", "", n -> null)));
        assertEquals("5", querySetting(JobStore.open("jdbc:h2:file:" + dir.resolve("b") + ";query_cache_size=5", "", "",
                n -> null)));
        assertEquals("jdbc:postgresql://db/thaw", JobStore.parsedStatementCache("jdbc:postgresql://db/thaw"));
    }

    private static String querySetting(JobStore store) throws Exception {
        try (store; var c = store.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("select setting_value from information_schema.settings"
                     + " where setting_name = 'QUERY_CACHE_SIZE'")) {
            return rs.next() ? rs.getString(1) : "(not listed)";
        }
    }
}
