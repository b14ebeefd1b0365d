package io.thaw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.ThawConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge order of the sources, key checks and value checks of the configuration model. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ThawConfig load(Map<String, String> env, Properties sys, Path... files) {
        return ThawConfig.load(List.of(files), env, sys);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void anEnvironmentVariableSetsAKeyThatNoFileHolds() throws IOException {
        Path f = file("a.properties", "thaw.aws.region=eu-west-1\n");
        ThawConfig c = load(Map.of("THAW_NAMING_OVERRIDES", "/etc/thaw/names.csv"), new Properties(), f);
        assertEquals("/etc/thaw/names.csv", c.get("thaw.naming.overrides"));
        assertEquals("environment THAW_NAMING_OVERRIDES", c.source("thaw.naming.overrides"));
    }

    @Test
    void laterSourcesWinAndEveryOtherKeyKeepsItsDefault() throws IOException {
        Path first = file("first.properties", "thaw.aws.region=eu-west-1\nthaw.download.parallel=2\n");
        Path second = file("second.properties", "thaw.download.parallel=6\n");
        Properties sys = new Properties();
        sys.setProperty("thaw.aws.region", "ap-south-1");
        ThawConfig c = load(Map.of("THAW_AWS_REGION", "us-west-2"), sys, first, second);
        assertEquals("ap-south-1", c.get("thaw.aws.region"));
        assertEquals("-Dthaw.aws.region", c.source("thaw.aws.region"));
        assertEquals("6", c.get("thaw.download.parallel"));
        assertEquals("--config " + second, c.source("thaw.download.parallel"));
        assertEquals("jdbc:h2:file:./work/thaw-db;AUTO_SERVER=TRUE", c.get("thaw.store.url"));
        assertEquals("default", c.source("thaw.store.url"));
        assertEquals("1000", c.get("thaw.inbox.settle-ms"));
    }

    @Test
    void directWritesAreOnByDefaultAndOffWhenSetFalse() throws IOException {
        assertTrue(load(Map.of(), new Properties()).downloadSettings().directIo());
        assertFalse(load(Map.of("THAW_DOWNLOAD_DIRECT_IO", "false"), new Properties()).downloadSettings().directIo());
    }

    @Test
    void aMisspeltKeyStopsWithTheClosestKnownKey() throws IOException {
        Path f = file("typo.properties", "thaw.notices.queue-ulr=https://sqs.example/1/q\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), new Properties(), f));
        assertEquals("unknown setting thaw.notices.queue-ulr (from --config " + f + ") — did you mean"
                + " thaw.notices.queue-url? (thaw config --docs lists every setting)", e.getMessage());
    }

    @Test
    void aMalformedDurationNamesKeyValueSourceAndFix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("THAW_RETRY_BASE", "ten minutes"), new Properties()));
        assertEquals("thaw.retry.base='ten minutes' (from environment THAW_RETRY_BASE) is not a duration — write e.g."
                + " PT10M, 30s, 5m or 2h", e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void negativeSizesAndBadUrlsAreRefused() throws IOException {
        Path f = file("bad.properties", "thaw.s3.max-object-bytes=-5\n");
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of(), new Properties(), f)).getMessage()
                .contains("thaw.s3.max-object-bytes='-5' (from --config " + f + ") is negative"));
        Properties sys = new Properties();
        sys.setProperty("thaw.aws.endpoint", "not a url");
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of(), sys)).getMessage()
                .startsWith("thaw.aws.endpoint='not a url' (from -Dthaw.aws.endpoint) is not a URL"));
    }

    @Test
    void aPlainFolderPathIsAFileDestinationWhereverAFolderIs() throws IOException {
        Path f = file("paths.properties", "thaw.allowed-roots=/data/restored, restored\n"
                + "thaw.destination.default=/data/restored\nthaw.destinations.nas=/mnt/nas\n");
        ThawConfig c = load(Map.of("THAW_DESTINATIONS_SPARE", "../spare"), new Properties(), f);
        assertEquals("file:/data/restored,file:restored", c.get("thaw.allowed-roots"));
        assertEquals("file:/data/restored", c.get("thaw.destination.default"));
        assertEquals("file:/mnt/nas", c.get("thaw.destinations.nas"));
        assertEquals("file:../spare", c.get("thaw.destinations.spare"));
        assertEquals("s3://bucket/x/", Type.destination("s3://bucket/x/"));
    }

    @Test
    void namedDestinationSettingsComeFromTheEnvironmentToo() {
        ThawConfig c = load(Map.of("THAW_DESTINATIONS_BACKUP", "sftp://nas/restored",
                "THAW_DESTINATIONS_BACKUP_KNOWN_HOSTS_FILE", "/etc/thaw/known_hosts",
                "THAW_DESTINATIONS_BACKUP_PASSWORD", "s3cret"), new Properties());
        assertEquals("sftp://nas/restored", c.get("thaw.destinations.backup"));
        assertEquals("/etc/thaw/known_hosts", c.get("thaw.destinations.backup.known-hosts-file"));
        assertEquals("***", Reference.shown("thaw.destinations.backup.password", c.get("thaw.destinations.backup.password")));
    }

    @Test
    void thawHomeAnchorsRelativePathsAndHoldsTheOptionalSettingsFile() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home/config")).getParent();
        Files.writeString(home.resolve("config/application.properties"), "thaw.inbox.settle-ms=250\n");
        ThawConfig c = load(Map.of("THAW_HOME", home.toString()), new Properties());
        assertEquals("250", c.get("thaw.inbox.settle-ms"));
        assertEquals(home.resolve("inbox").toString(), c.get("thaw.inbox"));
        assertEquals("file:" + home.resolve("work/outbox"), c.get("thaw.destination.default"));
        assertEquals("jdbc:h2:file:" + home.resolve("work/thaw-db") + ";AUTO_SERVER=TRUE", c.get("thaw.store.url"));
    }

    @Test
    void aMissingConfigFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of(), new Properties(), dir.resolve("nope.properties")));
        assertTrue(e.getMessage().startsWith("--config " + dir.resolve("nope.properties") + ": no such file"), e.getMessage());
    }

    @Test
    void everyDefaultIsAValidValueAndEveryKeyIsDeclaredOnce() {
        assertEquals(Catalog.all().size(), Catalog.all().stream().map(Setting::key).distinct().count());
        for (Setting s : Catalog.all()) {
            assertEquals(s.defaultValue(), s.type().check(s.defaultValue()), s.key());
        }
    }
}
