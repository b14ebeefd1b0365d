package io.thaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Checks before Camel starts, and the start-up line, without starting Camel. */
class ThawMainTest {

    private static ThawConfig env(Map<String, String> env) {
        return ThawConfig.load(List.of(), env, new Properties());
    }

    @Test
    void aWellTypedButUnusableValueStopsStartUpNamingItsSource() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ThawMain.check(env(Map.of("THAW_DOWNLOAD_CHUNK_MIB", "3"))));
        assertTrue(e.getMessage().startsWith("thaw.download.chunk-mib must be a power of two"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(from environment THAW_DOWNLOAD_CHUNK_MIB)"), e.getMessage());
        ConfigException unknownJobs = assertThrows(ConfigException.class,
                () -> ThawMain.check(env(Map.of("THAW_NOTICES_UNKNOWN_JOBS", "keep"))));
        assertEquals("thaw.notices.unknown-jobs='keep' must be ignore or deliver (from environment THAW_NOTICES_UNKNOWN_JOBS)",
                unknownJobs.getMessage());
        ConfigException schedule = assertThrows(ConfigException.class,
                () -> ThawMain.check(env(Map.of("THAW_INVENTORY_SCHEDULE", "every night"))));
        assertTrue(schedule.getMessage().startsWith("thaw.inventory.schedule 'every night' is neither a period"),
                schedule.getMessage());
        assertTrue(schedule.getMessage().endsWith("(from environment THAW_INVENTORY_SCHEDULE)"), schedule.getMessage());
        ConfigException routes = assertThrows(ConfigException.class,
                () -> ThawMain.check(env(Map.of("THAW_ROUTES", "/no/such/folder"))));
        assertTrue(routes.getMessage().startsWith("thaw.routes='/no/such/folder' (from environment THAW_ROUTES) is not a folder"),
                routes.getMessage());
    }

    @Test
    void theDefaultsPassTheChecks() {
        ThawMain.check(env(Map.of()));
    }

    @Test
    void theReadyLineNamesRoutesInboxNoticesStoreWithoutCredentialsAndApi() {
        ThawConfig c = env(Map.of("THAW_STORE_URL", "jdbc:postgresql://thaw:s3cret@db.example/thaw?password=x&ssl=true",
                "THAW_INBOX", "/srv/thaw/inbox"));
        assertEquals("thaw ready: 8 routes, inbox /srv/thaw/inbox, notices polling only, store"
                + " jdbc:postgresql://***@db.example/thaw?password=***&ssl=true, api off", RouteSet.readyLine(8, c));
        ThawConfig api = env(Map.of("CAMEL_MANAGEMENT_ENABLED", "true",
                "THAW_NOTICES_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/1/q"));
        assertTrue(RouteSet.readyLine(3, api).endsWith("notices https://sqs.us-east-1.amazonaws.com/1/q, store"
                + " jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE, api http://127.0.0.1:9876"), RouteSet.readyLine(3, api));
    }
}
