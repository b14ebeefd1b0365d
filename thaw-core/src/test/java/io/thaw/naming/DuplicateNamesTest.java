package io.thaw.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateNamesTest {

    private static final int MAX = 1000;
    private static final String SUFFIX = "~[a-z2-7]{8}";

    record Archive(String id, String path, Instant created) {
    }

    @Test
    void suffixGoesBeforeTheExtensionAndDependsOnlyOnTheId() {
        String a = DuplicateNames.withSuffix("photos/a.jpg", "idA");
        assertTrue(a.matches("photos/a" + SUFFIX + "\\.jpg"), a);
        assertEquals(a, DuplicateNames.withSuffix("photos/a.jpg", "idA"));
        assertNotEquals(a, DuplicateNames.withSuffix("photos/a.jpg", "idB"));
        assertEquals(a.substring(8, 17), DuplicateNames.withSuffix("other/b.png", "idA").substring(7, 16));
        assertTrue(DuplicateNames.withSuffix("README", "id").matches("README" + SUFFIX));
        assertTrue(DuplicateNames.withSuffix("home/.bashrc", "id").matches("home/\\.bashrc" + SUFFIX));
        assertTrue(DuplicateNames.withSuffix("a.tar.gz", "id").matches("a\\.tar" + SUFFIX + "\\.gz"));
        assertTrue(DuplicateNames.withSuffix("00undefined/AbC-_x", "id").matches("00undefined/AbC-_x" + SUFFIX));
    }

    @Test
    void suffixKeepsSegmentAndPathLimits() {
        String longName = "dir/" + "n".repeat(255 - 4) + ".raw";
        String suffixed = DuplicateNames.withSuffix(longName, "id1");
        assertEquals(255, suffixed.substring(4).getBytes(StandardCharsets.UTF_8).length);
        assertTrue(suffixed.matches("dir/n+" + SUFFIX + "\\.raw"), suffixed);
        String nearLimit = "d".repeat(60) + "/" + "f".repeat(30) + ".txt";
        String limited = DuplicateNames.withSuffix(nearLimit, "id2", 96);
        SafePathAssertions.assertSafe(limited, 96, nearLimit);
        assertNotEquals(limited, DuplicateNames.withSuffix(nearLimit, "id3", 96));
    }

    @Test
    void oldestKeepsThePlainNameOthersGetTheirSuffix() {
        List<Archive> vault = List.of(
                new Archive("idNew", "photos/a.jpg", Instant.parse("2015-01-01T00:00:00Z")),
                new Archive("idOld", "photos/a.jpg", Instant.parse("2012-01-01T00:00:00Z")),
                new Archive("idMid", "photos/a.jpg", Instant.parse("2013-01-01T00:00:00Z")),
                new Archive("idSolo", "photos/b.jpg", Instant.parse("2016-01-01T00:00:00Z")));
        Map<String, String> names = plan(vault);
        assertEquals("photos/a.jpg", names.get("idOld"));
        assertEquals(DuplicateNames.withSuffix("photos/a.jpg", "idNew"), names.get("idNew"));
        assertEquals(DuplicateNames.withSuffix("photos/a.jpg", "idMid"), names.get("idMid"));
        assertEquals("photos/b.jpg", names.get("idSolo"));
    }

    @Test
    void sameCreationTimeTheSmallestIdWins() {
        Instant t = Instant.parse("2014-05-05T05:05:05Z");
        Map<String, String> names = plan(List.of(new Archive("zzzzzzzzzz2", "x.bin", t),
                new Archive("zzzzzzzzzz1", "x.bin", t), new Archive("b", "x.bin", t), new Archive("a", "x.bin", null)));
        assertEquals("x.bin", names.get("b"));
        assertTrue(names.get("a").matches("x" + SUFFIX + "\\.bin"), "an unknown creation date counts as newest");
        assertNotEquals(names.get("zzzzzzzzzz1"), names.get("zzzzzzzzzz2"));
    }

    @Test
    void namesThatDifferOnlyInCaseOrNormalisationAreDuplicates() {
        Map<String, String> names = plan(List.of(new Archive("id1", "Photo.JPG", Instant.parse("2012-01-01T00:00:00Z")),
                new Archive("id2", "photo.jpg", Instant.parse("2013-01-01T00:00:00Z")),
                new Archive("id3", "Cafe\u0301.txt", Instant.parse("2013-01-01T00:00:00Z")),
                new Archive("id4", "Caf\u00E9.txt", Instant.parse("2012-01-01T00:00:00Z"))));
        assertEquals("Photo.JPG", names.get("id1"));
        assertTrue(names.get("id2").matches("photo" + SUFFIX + "\\.jpg"));
        assertEquals("Caf\u00E9.txt", names.get("id4"));
        assertTrue(names.get("id3").startsWith("Cafe\u0301~"));
    }

    @Test
    void aNameThatIsAlsoAFolderGetsTheSuffix() {
        Instant t = Instant.parse("2012-01-01T00:00:00Z");
        Map<String, String> names = plan(List.of(new Archive("file", "photos", t),
                new Archive("inside", "photos/2011/a.jpg", t.plusSeconds(5))));
        assertTrue(names.get("file").matches("photos" + SUFFIX), names.get("file"));
        assertEquals("photos/2011/a.jpg", names.get("inside"));
    }

    /** A vault of 20,000 archives, many sharing names: every order gives the same, collision-free names. */
    @Test
    void outcomeIsIndependentOfOrderAndUnique() {
        Random random = new Random(42);
        List<Archive> vault = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-" + i;
            String name = "dir" + random.nextInt(5) + "/file" + random.nextInt(1000) + (random.nextBoolean() ? ".jpg" : ".JPG");
            Instant created = Instant.parse("2012-01-01T00:00:00Z").plusSeconds(random.nextInt(1000));
            vault.add(new Archive(id, name, created));
        }
        Map<String, String> first = plan(vault);
        Set<String> folded = new HashSet<>();
        for (String name : first.values()) {
            assertTrue(folded.add(name.toLowerCase(Locale.ROOT)), "two archives got '" + name + "'");
        }
        long suffixed = first.values().stream().filter(n -> n.matches(".*" + SUFFIX + "\\.(jpg|JPG)")).count();
        assertTrue(suffixed > 10_000, "the sample should have many duplicates: " + suffixed);
        for (int round = 0; round < 5; round++) {
            List<Archive> shuffled = new ArrayList<>(vault);
            Collections.shuffle(shuffled, new Random(round));
            assertEquals(first, plan(shuffled), "order " + round);
        }
    }

    @Test
    void planGrowsPastItsSizeHint() {
        DuplicatePlan plan = new DuplicatePlan(1);
        for (int i = 0; i < 10_000; i++) {
            plan.add("id" + i, "f" + i, Instant.EPOCH);
        }
        assertEquals(10_000, plan.size());
        for (int i = 0; i < 10_000; i++) {
            assertTrue(plan.keepsPlainName("id" + i, "f" + i, Instant.EPOCH));
        }
        assertFalse(plan.keepsPlainName("other", "f7", Instant.EPOCH));
        assertTrue(plan.keepsPlainName("other", "never-added", Instant.EPOCH));
    }

    private static Map<String, String> plan(List<Archive> archives) {
        DuplicatePlan plan = new DuplicatePlan(archives.size());
        archives.forEach(a -> plan.add(a.id(), a.path(), a.created()));
        Map<String, String> names = new HashMap<>();
        archives.forEach(a -> names.put(a.id(), plan.finalName(a.id(), a.path(), a.created(), MAX)));
        return names;
    }
}
