package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** H2 URLs, the default one and the operator's, are made durable at each commit; others are left alone. */
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
}
