package io.thaw.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Destinations a request may and may not name, and how a policy's own configuration is checked. */
class DestinationResolverTest {

    private static final RequestPolicy POLICY = new RequestPolicy("file:work/outbox",
            List.of("file:/data/out", "s3://bucket/prefix", "ftp://files.example.com/in", "sftp://Backup.Example.com:2222/srv"),
            Map.of("nas", "sftp://nas.example.com/restored?privateKeyFile=/keys/id"), "Standard", Path.of("/srv/thaw"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "file:/data/out,                     file:/data/out",
        "file:/data/out/2019/photos,         file:/data/out/2019/photos",
        "file:///data/out/x,                 file:/data/out/x",
        "file://localhost/data/out/x,        file:/data/out/x",
        "file:/data/out/a/../b,              file:/data/out/b",
        "file:work/outbox,                   file:work/outbox",
        "file:work/outbox/sub/../x,          file:work/outbox/x",
        "file:./work/outbox/x,               file:work/outbox/x",
        "file:/srv/thaw/work/outbox/y,       file:/srv/thaw/work/outbox/y",
        "file:/data/out/with space,          file:/data/out/with space",
        "s3://bucket/prefix,                 s3://bucket/prefix",
        "s3://bucket/prefix/,                s3://bucket/prefix/",
        "s3://bucket/prefix/2019/,           s3://bucket/prefix/2019/",
        "s3://BUCKET/prefix/x,               s3://BUCKET/prefix/x",
        "ftp://files.example.com:21/in/x,    ftp://files.example.com:21/in/x",
        "sftp://backup.example.com:2222/srv, sftp://backup.example.com:2222/srv",
        "nas,                                sftp://nas.example.com/restored?privateKeyFile=/keys/id",
        "sftp://nas.example.com/restored/2019, sftp://nas.example.com/restored/2019",
    })
    void allowed(String requested, String resolved) throws Exception {
        assertEquals(resolved, DestinationResolver.resolve(requested, POLICY));
    }

    @ParameterizedTest
    @CsvSource({
        "file:/data",
        "file:/data/outside",
        "file:/data/out/../outside",
        "file:work/outbox/../../etc",
        "file:work",
        "file:/srv/thaw/work/outbox2",
        "s3://bucket/prefixX",
        "s3://bucket",
        "s3://bucket2/prefix",
        "ftp://files.example.com:2121/in",
        "ftps://files.example.com/in",
        "ftp://files.example.com/inbox",
        "ftp://other@files.example.com/in",
        "sftp://backup.example.com/srv",
        "sftp://nas.example.com/restoredX",
    })
    void refusedAsOutsideTheAllowedRoots(String requested) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> DestinationResolver.resolve(requested, POLICY));
        assertTrue(e.getMessage().startsWith("destination \"" + requested + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("is outside the allowed roots"), e.getMessage());
        assertTrue(e.getMessage().contains("add its root to thaw.allowed-roots"), e.getMessage());
    }

    @Test
    void absentDestinationIsTheDefaultAsConfigured() throws Exception {
        assertEquals("file:work/outbox", DestinationResolver.resolve(null, POLICY));
    }

    @Test
    void traversalIsJudgedAgainstTheRealWorkingDirectory() {
        RequestPolicy real = new RequestPolicy("file:work/outbox", List.of(), Map.of(), "Bulk");
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> DestinationResolver.resolve("file:work/outbox/../../etc", real));
        String expected = Path.of("").toAbsolutePath().resolve("etc").normalize().toString();
        assertTrue(e.getMessage().contains("(resolves to " + expected + ")"), e.getMessage());
    }

    @Test
    void secretsNeverAppearInMessages() {
        for (String uri : List.of("sftp://bob:hunter2@nas.example.com/restored",
                "ftp://files.example.com/in?passiveMode=true&password=hunter2",
                "sftp://nas.example.com/restored?privateKeyPassphrase=hunter2",
                "s3://bucket/prefix?secretKey=hunter2")) {
            RequestRejectedException e = assertThrows(RequestRejectedException.class,
                    () -> DestinationResolver.resolve(uri, POLICY));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertTrue(e.getMessage().contains("credentials are never taken from request files; configure them in"
                    + " config/application.properties (thaw.destinations.<name>.*) or the environment"), e.getMessage());
        }
    }

    @Test
    void aUserNameWithoutPasswordMustMatchTheRoot() throws Exception {
        RequestPolicy p = new RequestPolicy("sftp://thaw@nas.example.com/restored", List.of(), Map.of(), "Standard");
        assertEquals("sftp://thaw@nas.example.com/restored/x", DestinationResolver.resolve("sftp://thaw@nas.example.com/restored/x", p));
        assertThrows(RequestRejectedException.class, () -> DestinationResolver.resolve("sftp://root@nas.example.com/restored/x", p));
    }

    @Test
    void badConfigurationFailsAtStartNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RequestPolicy("file:work/outbox", List.of("http://x/y"), Map.of(), "Standard"));
        assertEquals("thaw.allowed-roots \"http://x/y\" is not a usable destination: scheme \"http\" is not supported"
                + " — use file:, s3://, ftp://, ftps:// or sftp://", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RequestPolicy("file:work/outbox", List.of(), Map.of("x", "s3://"), "Standard"));
        assertTrue(e.getMessage().startsWith("thaw.destinations.x \"s3://\" is not a usable destination:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RequestPolicy("file:work/outbox", List.of(), Map.of(), "Fast"));
        assertEquals("thaw.jobs.tier \"Fast\" is not a Glacier tier: use Expedited, Standard or Bulk", e.getMessage());
    }

    @Test
    void requestFileOver16MibIsRefusedWithoutReadingItAll() {
        byte[] big = new byte[RequestParser.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> RequestParser.parse("r.json", new ByteArrayInputStream(big), POLICY));
        assertEquals("request file is larger than 16 MiB (16777216 bytes): thaw reads request files whole — split the"
                + " archives list over several files", e.getMessage());
    }

    @Test
    void invalidUtf8IsInvalidJson() {
        byte[] bytes = "{\"vault\":\"v\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> RequestParser.parse("r.json", new ByteArrayInputStream(bytes), POLICY));
        assertTrue(e.getMessage().startsWith("invalid JSON (line 1, column "), e.getMessage());
        assertTrue(e.getMessage().contains("save the file as UTF-8"), e.getMessage());
    }
}
