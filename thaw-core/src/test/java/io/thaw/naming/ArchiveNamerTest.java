package io.thaw.naming;

import static io.thaw.naming.DescriptionParserTest.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveNamerTest {

    private static final int MAX = 1000;
    private static final String ID = "NkbByEejwEggmBz2fTHgJrg0XBoDfjP4q6iu87-TjhqG6eGoOY9Z8i1_AUyUsuhPAdTqLHy8pTl5nfCFJmDl2yEZONi5L26Omw12vcs01MNGntHEQL8MBfGlqrEXAMPLEArchiveId";
    private static final String FASTGLACIER = "<m><v>4</v><p>" + b64("docs/report.pdf") + "</p><lm>20120821T170824Z</lm></m>";

    @TempDir
    Path dir;

    private final ArchiveNamer namer = new ArchiveNamer(NameOverrides.none());

    @Test
    void descriptionFormatsGiveNameTimeAndSource() {
        assertEquals(new ArchiveName("docs/report.pdf", Instant.parse("2012-08-21T17:08:24Z"), "fastglacier-v4"),
                namer.name(ID, FASTGLACIER, null, MAX));
        assertEquals(new ArchiveName("Users/x/a.jpg", null, "plain"), namer.name(ID, "C:\\Users\\x\\a.jpg", null, MAX));
        assertEquals(new ArchiveName("Users/anna/b.txt", Instant.parse("2010-03-10T11:06:23Z"), "cloudberry"),
                namer.name(ID, "{\"Path\":\"C:\\\\Users\\\\anna\\\\b.txt\",\"UTCDateModified\":\"20100310T110623Z\"}", null, MAX));
        String mt2 = "mt2 " + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"filename\":\"x/y.txt\",\"mtime\":\"20130115T103027Z\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ArchiveName("x/y.txt", Instant.parse("2013-01-15T10:30:27Z"), "mt-aws-glacier"), namer.name(ID, mt2, null, MAX));
    }

    @Test
    void emptyAndUnusableDescriptionsGoTo00undefined() {
        assertEquals(new ArchiveName("00undefined/" + ID, null, "undefined"), namer.name(ID, "   ", null, MAX));
        assertEquals(new ArchiveName("00undefined/" + ID, null, "undefined"), namer.name(ID, "../..", null, MAX));
        assertEquals(new ArchiveName("00undefined/" + ID, Instant.parse("2010-03-10T11:06:23Z"), "undefined"),
                namer.name(ID, "{\"Path\":\"   \",\"UTCDateModified\":\"20100310T110623Z\"}", null, MAX));
    }

    @Test
    void unparsableDescriptionsGoTo00error() {
        assertEquals(new ArchiveName("00error/" + ID, null, "error"), namer.name(ID, "<m><v>4</v><p>!!</p></m>", null, MAX));
        assertEquals(new ArchiveName("00error/" + ID, null, "error"), namer.name(ID, "{\"Name\":\"x\"}", null, MAX));
    }

    @Test
    void aHostileArchiveIdCannotEscapeItsFallbackFolder() {
        assertEquals("00undefined/.._x", namer.name("../x", "", null, MAX).relativePath());
        String weird = namer.name("..", "", null, MAX).relativePath();
        assertTrue(weird.matches("00undefined/[a-z2-7]{8}"), weird);
    }

    @Test
    void requestedNameWinsOverOverrideAndDescriptionButKeepsTheTime() throws IOException {
        Path csv = Files.writeString(dir.resolve("o.csv"), ID + ",overridden/name.pdf\n");
        ArchiveNamer withOverrides = new ArchiveNamer(NameOverrides.load(csv));
        assertEquals(new ArchiveName("wanted/by-request.pdf", Instant.parse("2012-08-21T17:08:24Z"), "request"),
                withOverrides.name(ID, FASTGLACIER, "/wanted\\by-request.pdf", MAX));
        assertEquals(new ArchiveName("overridden/name.pdf", Instant.parse("2012-08-21T17:08:24Z"), "override"),
                withOverrides.name(ID, FASTGLACIER, null, MAX));
        assertEquals(new ArchiveName("overridden/name.pdf", null, "override"), withOverrides.name(ID, "", " ", MAX));
        assertEquals("docs/report.pdf", withOverrides.name("another-id", FASTGLACIER, null, MAX).relativePath());
    }

    @Test
    void anUnusableRequestedNameIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> namer.name(ID, FASTGLACIER, "../", MAX));
        assertTrue(e.getMessage().contains("requested name '../' for archive " + ID + " has no usable characters"), e.getMessage());
    }

    /** Traversal hidden inside each description format, plus hostile plain descriptions. */
    static Stream<Arguments> hostileDescriptions() {
        String mt2Traversal = "mt2 " + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"filename\":\"../../../root/.ssh/authorized_keys\",\"mtime\":\"20130115T103027Z\"}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("<m><v>4</v><p>" + b64("../../etc/passwd") + "</p></m>", "etc/passwd"),
                Arguments.of("<m><v>4</v><p>" + b64("..\\..\\Windows\\System32\\x.dll") + "</p></m>", "Windows/System32/x.dll"),
                Arguments.of("<m><v>3</v><p>" + b64("/etc/cron.d/evil") + "</p></m>", "etc/cron.d/evil"),
                Arguments.of("<m><v>2</v><p>" + b64("a\u0000b/../../c") + "</p></m>", "a%00b/c"),
                Arguments.of("<ArchiveMetadata><Path>" + b64("C:\\..\\..\\CON") + "</Path></ArchiveMetadata>", "_CON"),
                Arguments.of("{\"Path\":\"\\\\\\\\server\\\\share\\\\..\\\\..\\\\x\"}", "server/share/x"),
                Arguments.of("{\"Path\":\"c:../../x\"}", "x"),
                Arguments.of(mt2Traversal, "root/.ssh/authorized_keys"),
                Arguments.of("../../../../tmp/x", "tmp/x"),
                Arguments.of("nul.txt", "_nul.txt"),
                Arguments.of("x".repeat(1020) + "/y", null));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("hostileDescriptions")
    void hostileDescriptionsStayInsideTheRoot(String description, String expected) throws IOException {
        String path = namer.name(ID, description, null, MAX).relativePath();
        if (expected != null) {
            assertEquals(expected, path);
        }
        SafePathAssertions.assertSafe(path, MAX, description);
        SafePathAssertions.assertStaysUnder(dir, path);
    }
}
