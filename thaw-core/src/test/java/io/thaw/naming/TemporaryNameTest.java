package io.thaw.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary names and suffixed names of final names at the 255-byte limit, ASCII and multi-byte. */
class TemporaryNameTest {

    @TempDir
    Path tmp;

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code n} bytes: ASCII, then 2-, 3- and 4-byte characters, ending in ".bin". */
    static String nameOf(int n, String unit) {
        StringBuilder sb = new StringBuilder();
        while (bytes(sb.toString()) + bytes(unit) + 4 <= n) {
            sb.append(unit);
        }
        while (bytes(sb.toString()) + 4 < n) {
            sb.append('x');
        }
        return sb.append(".bin").toString();
    }

    @Test
    void shortNameKeepsThePlainTemporaryName() {
        assertEquals(".a.jpg.thaw-part", TemporaryName.of("a.jpg"));
        assertEquals(".été.txt.thaw-part", TemporaryName.of("été.txt"));
    }

    @Test
    void namesAtTheLimitGetATemporaryNameTheFileSystemAccepts() throws Exception {
        for (String unit : new String[] {"a", "é", "☃", "😀"}) {
            for (int n = 244; n <= 255; n++) {
                String name = nameOf(n, unit);
                assertEquals(n, bytes(name), name);
                String part = TemporaryName.of(name);
                assertTrue(bytes(part) <= 255, part + " is " + bytes(part) + " bytes");
                assertTrue(part.startsWith(".") && part.endsWith(TemporaryName.SUFFIX), part);
                assertEquals(part, TemporaryName.of(name), "stable");
                // the file system takes both: write the temporary name, rename it to the final name
                Path written = Files.writeString(tmp.resolve(part), "x");
                Files.move(written, tmp.resolve(name));
                assertTrue(Files.exists(tmp.resolve(name)));
            }
        }
    }

    @Test
    void distinctLongNamesGetDistinctTemporaryNames() {
        String a = "a".repeat(250) + ".bin";
        String b = "a".repeat(249) + "b.bin";
        assertNotEquals(TemporaryName.of(a), TemporaryName.of(b));
    }

    @Test
    void aSuffixAddedToANameAtTheLimitKeepsItWithin255BytesAndTheSuffix() {
        String dir = "photos/2019/";
        String name = nameOf(255, "é");
        String suffixed = SafePath.appendToName(dir + name, ".bytes-0-1048575", 4096);
        assertTrue(suffixed.startsWith(dir), suffixed);
        String last = suffixed.substring(dir.length());
        assertTrue(bytes(last) <= 255, last);
        assertTrue(last.endsWith(".bytes-0-1048575"), last);
        assertEquals(suffixed, SafePath.appendToName(dir + name, ".bytes-0-1048575", 4096), "stable");
        assertEquals("a/b.bin.bytes-0-9", SafePath.appendToName("a/b.bin", ".bytes-0-9", 4096), "short: unchanged");
        assertEquals(suffixed, SafePath.sanitize(suffixed, 4096), "already safe");
    }

    @Test
    void overLongDescriptionNamesAreShortenedWithTheirExtension() {
        String description = "backup/" + "q".repeat(1_000) + ".tar.gz";
        ArchiveName n = new ArchiveNamer(NameOverrides.none()).name("archive-1", description, null, 4096);
        String last = n.relativePath().substring(n.relativePath().lastIndexOf('/') + 1);
        assertTrue(bytes(last) <= 255, last);
        assertTrue(last.endsWith(".gz") && last.startsWith("qqq"), last);
        assertTrue(bytes(TemporaryName.of(last)) <= 255);
    }
}
