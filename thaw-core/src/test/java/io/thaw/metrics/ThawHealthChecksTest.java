package io.thaw.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThawHealthChecksTest {

    @Test
    void storeUrlIsShownWithoutParametersThatMayHoldAPassword() {
        assertEquals("jdbc:postgresql://db/thaw",
                ThawHealthChecks.withoutParameters("jdbc:postgresql://db/thaw?user=thaw&password=secret"));
        assertEquals("jdbc:h2:file:./work/thaw-db",
                ThawHealthChecks.withoutParameters("jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE;PASSWORD=x"));
    }
}
