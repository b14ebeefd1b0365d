package io.thaw.naming;

import static io.thaw.naming.SafePathAssertions.assertSafe;
import static io.thaw.naming.SafePathAssertions.assertStaysUnder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathTest {

    /** S3's key limit minus a typical destination prefix. */
    private static final int MAX = 1024 - "restores/vault-photos/".length();

    @TempDir
    Path root;

    /** Hostile raw paths and what must come out (null: nothing usable). */
    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("../../etc/passwd", "etc/passwd"),
                Arguments.of("a/../../b", "a/b"),
                Arguments.of("..\\..\\x", "x"),
                Arguments.of("..", null),
                Arguments.of("../", null),
                Arguments.of("./././a", "a"),
                Arguments.of("a/./b/../c", "a/b/c"),
                Arguments.of("/etc/x", "etc/x"),
                Arguments.of("//etc//x", "etc/x"),
                Arguments.of("\\\\server\\share\\x", "server/share/x"),
                Arguments.of("\\\\?\\C:\\Windows\\x", "Windows/x"),
                Arguments.of("\\\\?\\UNC\\server\\share\\x", "server/share/x"),
                Arguments.of("\\\\.\\PhysicalDrive0", "PhysicalDrive0"),
                Arguments.of("C:/x", "x"),
                Arguments.of("c:x", "x"),
                Arguments.of("C:\\Users\\x\\a.jpg", "Users/x/a.jpg"),
                Arguments.of("C:", null),
                Arguments.of("RENDERFARM5/B:/one/a.dpx", "RENDERFARM5/B%3A/one/a.dpx"),
                Arguments.of("file.txt:hidden-stream", "file.txt%3Ahidden-stream"),
                Arguments.of("a\u0000b", "a%00b"),
                Arguments.of("../\u0000/../x", "%00/x"),
                Arguments.of("line\nbreak\r.txt", "line%0Abreak%0D.txt"),
                Arguments.of("bell\u0007esc\u001B[31m.txt", "bell%07esc%1B[31m.txt"),
                Arguments.of("del\u007F c1\u0085.txt", "del%7F c1%C2%85.txt"),
                Arguments.of("CON", "_CON"),
                Arguments.of("nul.txt", "_nul.txt"),
                Arguments.of("COM1", "_COM1"),
                Arguments.of("dir/aux.", "dir/aux%2E"),
                Arguments.of("LPT9.log", "_LPT9.log"),
                Arguments.of("con .tar.gz", "_con .tar.gz"),
                Arguments.of("com\u00B9.txt", "_com\u00B9.txt"),
                Arguments.of("CONSOLE.txt", "CONSOLE.txt"),
                Arguments.of("name. ", "name%2E%20"),
                Arguments.of("a/b\\c/d", "a/b/c/d"),
                Arguments.of("\\/\\/a\\/b", "a/b"),
                Arguments.of("...", null),
                Arguments.of(".../....", null),
                Arguments.of("   ", null),
                Arguments.of(" . / .. / ", null),
                Arguments.of("invoice\u202Efdp.exe", "invoice%E2%80%AEfdp.exe"),
                Arguments.of("zero\u200Bwidth\uFEFF.txt", "zero%E2%80%8Bwidth%EF%BB%BF.txt"),
                Arguments.of("lone\uD800surrogate", "lone%ED%A0%80surrogate"),
                Arguments.of("lost\uFFFDbyte.txt", "lost%EF%BF%BDbyte.txt"),
                Arguments.of("para\u2029sep", "para%E2%80%A9sep"),
                Arguments.of("Fotos/München/日本 😀.jpg", "Fotos/München/日本 😀.jpg"),
                Arguments.of("فارسی\u200Cنیم‌فاصله.txt", "فارسی\u200Cنیم‌فاصله.txt"),
                Arguments.of("..%2F..%2Fetc", "..%2F..%2Fetc"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostile")
    void hostilePathsComeOutSafe(String raw, String expected) throws IOException {
        String result = SafePath.sanitize(raw, MAX);
        assertEquals(expected, result, "sanitising " + SafePathAssertions.printable(raw));
        if (result != null) {
            assertSafe(result, MAX, raw);
            assertStaysUnder(root, result);
        }
    }

    @Test
    void twoThousandCharacterNamesAreShortenedDistinctlyAndKeepTheirExtension() throws IOException {
        String a = "a".repeat(2000) + ".jpg";
        String b = "a".repeat(1999) + "b.jpg";
        String ra = SafePath.sanitize(a, MAX);
        String rb = SafePath.sanitize(b, MAX);
        assertSafe(ra, MAX, a);
        assertSafe(rb, MAX, b);
        assertNotEquals(ra, rb);
        assertTrue(ra.endsWith(".jpg") && ra.matches("a+~[a-z2-7]{8}\\.jpg"), ra);
        assertEquals(255, ra.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(ra, SafePath.sanitize(a, MAX), "deterministic");
        assertStaysUnder(root, ra);
        assertStaysUnder(root, rb);
    }

    @Test
    void threeHundredByteSegmentsAreCutOnCharacterBoundaries() throws IOException {
        String segment = "ü".repeat(150); // 300 UTF-8 bytes
        String raw = segment + "/" + segment + "/x.txt";
        String result = SafePath.sanitize(raw, MAX);
        assertSafe(result, MAX, raw);
        assertTrue(result.endsWith("/x.txt"), result);
        assertStaysUnder(root, result);
    }

    @Test
    void overLongPathsKeepTheFileNameAndCutTheDirectories() throws IOException {
        String raw = ("folder-" + "x".repeat(200) + "/").repeat(10) + "holiday.jpg";
        String result = SafePath.sanitize(raw, MAX);
        assertSafe(result, MAX, raw);
        assertTrue(result.endsWith("/holiday.jpg"), result);
        assertTrue(result.matches("(?s).*~[a-z2-7]{8}/holiday\\.jpg"), result);
        String other = SafePath.sanitize(raw.replace("holiday", "holiday2").replaceFirst("folder", "Folder"), MAX);
        assertNotEquals(result.substring(0, result.lastIndexOf('/')), other.substring(0, other.lastIndexOf('/')));
        assertStaysUnder(root, result);
    }

    @Test
    void escapesAreNotSplitWhenCutting() {
        String raw = "\u0000".repeat(400) + ".bin";
        String result = SafePath.sanitize(raw, MAX);
        assertSafe(result, MAX, raw);
        assertTrue(result.matches("(%00)+~[a-z2-7]{8}\\.bin"), result);
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 40, 64, 100, 255, 300})
    void smallLimitsAreRespected(int maxBytes) throws IOException {
        for (String raw : new String[] {"a/b/c/" + "d".repeat(300) + ".txt", "日本".repeat(200), "x/".repeat(300) + "y",
                "C:\\" + "\u0000".repeat(100)}) {
            String result = SafePath.sanitize(raw, maxBytes);
            assertSafe(result, maxBytes, raw);
            assertStaysUnder(root, result);
        }
    }

    @Test
    void tooSmallALimitIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafePath.sanitize("a", 10));
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
    }

    @Test
    void nullGivesNull() {
        assertNull(SafePath.sanitize(null, MAX));
    }

    @ParameterizedTest
    @CsvSource({"photos/2011/a.jpg", "a b/c-d_e (1).txt", "%41.txt", "_CON", "x~abcdefgh.jpg"})
    void safePathsComeBackUnchanged(String safe) {
        assertEquals(safe, SafePath.sanitize(safe, MAX));
    }

    /** Property check: random hostile strings never break a promise and never leave the root. */
    @Test
    void randomHostileStringsNeverEscape() throws IOException {
        String[] pieces = {"/", "\\", ".", "..", ":", "C:", "\u0000", "\n", " ", "CON", "nul", "com1", "~", "%",
                "\u202E", "\u200B", "\uD800", "\uDC00", "😀", "ü", "日", "a", "b", "\uFFFD", "//?/", "\\\\", "x".repeat(120)};
        Random random = new Random(20261121L);
        Set<String> results = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            StringBuilder raw = new StringBuilder();
            int parts = 1 + random.nextInt(40);
            for (int p = 0; p < parts; p++) {
                raw.append(pieces[random.nextInt(pieces.length)]);
            }
            int maxBytes = random.nextBoolean() ? MAX : 32 + random.nextInt(300);
            String result = SafePath.sanitize(raw.toString(), maxBytes);
            if (result != null) {
                assertSafe(result, maxBytes, raw.toString());
                if (results.add(result) && results.size() <= 1000) {
                    // a fresh root per name: "b" as a file and "b/c" would clash as file and folder
                    assertStaysUnder(Files.createDirectories(root.resolve("case" + i)), result);
                }
            }
        }
        assertTrue(results.size() > 1000, "the generator should produce varied names: " + results.size());
    }
}
