package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code thaw plan} against a six-archive inventory whose numbers were worked out by hand:
 * <pre>
 * a1      500 B  H1  photos/a.jpg    band &lt; 1 MiB
 * a2  2097152 B  H2  photos/b.jpg    band 1 MiB - 100 MiB
 * a3      500 B  H1  backup/a.jpg    duplicate of a1 (same tree hash and size)
 * a4  6 TiB      H3  big/disk.img    over 5 TiB
 * a5  200 MiB    H4  videos/x.mp4    band 100 MiB - 1 GiB
 * a6  2 GiB      H5  videos/y.mp4    band 1 GiB - 100 GiB
 * total 6,599,429,063,656 B; retrievals 5 (a3 is copied), 6,599,429,063,156 B = 6,146.197… GiB
 * Expedited: 5 x $10/1000 = $0.05 + 6,146.197 x $0.03 = $184.39 → $184.44
 * Standard:  5 x $0.05/1000 = $0.00 + x $0.01 = $61.46;  Bulk: $0.00 + x $0.0025 = $15.37
 * pace 1 job/s, 2 in flight: Bulk Glacier time = 2 waves waited x 12 h + 12 h = 129,600 s (bound by max-in-flight);
 * Expedited 2 x 5 min + 5 min = 900 s; download at 1 TiB/s adds 7 s (6,146.2 GiB, rounded up)
 * </pre>
 */
class PlanCommandIT {

    static final String H1 = "a".repeat(64);
    static Path dir;
    static Path config;
    static Path json;
    static Path csv;

    @BeforeAll
    static void files() throws Exception {
        dir = Files.createDirectories(Path.of("target/test-work/plan-" + System.nanoTime()));
        config = dir.resolve("plan.properties");
        Files.writeString(config, String.join("\n", "thaw.store.url=jdbc:h2:file:./" + dir.resolve("db"),
                "thaw.rates.date=2025-01-01 test", "thaw.rates.expedited.per-1000-requests=10.00",
                "thaw.rates.expedited.per-gb=0.03", "thaw.rates.standard.per-1000-requests=0.05",
                "thaw.rates.standard.per-gb=0.01", "thaw.rates.bulk.per-1000-requests=0.025",
                "thaw.rates.bulk.per-gb=0.0025", "thaw.pace.jobs-per-second=1", "thaw.pace.max-in-flight=2",
                "thaw.pace.bytes-per-day=0", "thaw.pace.download-rate=1TiB", ""));
        String[][] rows = {
            {"a1", "photos/a.jpg", "500", H1},
            {"a2", "photos/b.jpg", "2097152", "b".repeat(64)},
            {"a3", "backup/a.jpg", "500", H1},
            {"a4", "big/disk.img", "6597069766656", "c".repeat(64)},
            {"a5", "videos/x.mp4", "209715200", "d".repeat(64)},
            {"a6", "videos/y.mp4", "2147483648", "e".repeat(64)}};
        StringBuilder j = new StringBuilder("{\"VaultARN\":\"arn:aws:glacier:us-east-1:012345678901:vaults/v\","
                + "\"InventoryDate\":\"2025-01-01T00:00:00Z\",\"ArchiveList\":[");
        StringBuilder c = new StringBuilder("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n");
        for (int i = 0; i < rows.length; i++) {
            String id = rows[i][0] + "x".repeat(136);
            j.append(i == 0 ? "" : ",").append("{\"ArchiveId\":\"").append(id).append("\",\"ArchiveDescription\":\"")
                    .append(rows[i][1]).append("\",\"CreationDate\":\"2020-01-0").append(i + 1).append("T00:00:00Z\",")
                    .append("\"Size\":").append(rows[i][2]).append(",\"SHA256TreeHash\":\"").append(rows[i][3]).append("\"}");
            c.append(id).append(",\"").append(rows[i][1]).append("\",2020-01-0").append(i + 1).append("T00:00:00Z,")
                    .append(rows[i][2]).append(',').append(rows[i][3]).append('\n');
        }
        json = dir.resolve("inventory.json");
        Files.writeString(json, j.append("]}").toString());
        csv = dir.resolve("inventory.csv");
        Files.writeString(csv, c.toString());
    }

    @Test
    void jsonOutputMatchesTheHandComputedNumbersForJsonAndCsvInventories() throws Exception {
        for (Path inventory : new Path[] {json, csv}) {
            JsonNode p = new ObjectMapper().readTree(run("plan", "--config", config.toString(), "--vault", "v",
                    "--inventory", inventory.toString(), "--json"));
            assertEquals(6, p.get("archives").asLong(), inventory.toString());
            assertEquals(6_599_429_063_656L, p.get("bytes").asLong());
            assertEquals(5, p.get("retrievals").asLong());
            assertEquals(6_599_429_063_156L, p.get("retrievalBytes").asLong());
            assertEquals(1, p.get("duplicates").get("archives").asLong());
            assertEquals(500, p.get("duplicates").get("bytes").asLong());
            assertEquals(1, p.get("over5TiB").asLong());
            long[] bands = new long[7];
            for (int i = 0; i < 7; i++) {
                bands[i] = p.get("sizeBands").get(i).get("archives").asLong();
            }
            assertEquals("[2, 1, 1, 1, 0, 0, 1]", java.util.Arrays.toString(bands));
            JsonNode tiers = p.get("cost").get("tiers");
            assertEquals("184.44", tiers.get("Expedited").get("total").asText());
            assertEquals("0.05", tiers.get("Expedited").get("requestFees").asText());
            assertEquals("61.46", tiers.get("Standard").get("total").asText());
            assertEquals("15.37", tiers.get("Bulk").get("total").asText());
            assertEquals(129_600, tiers.get("Bulk").get("glacierSeconds").asLong());
            assertEquals(7, tiers.get("Bulk").get("downloadSeconds").asLong());
            assertEquals(129_607, tiers.get("Bulk").get("seconds").asLong(), "Glacier time + download time");
            assertTrue(tiers.get("Bulk").get("boundBy").asText().startsWith("max-in-flight"));
            assertEquals(900, tiers.get("Expedited").get("glacierSeconds").asLong());
            assertEquals(3 + (2 + 25) + (2 + 256), p.get("destinationCost").get("s3PutRequests").asLong(),
                    "a1-a3 one PUT each, a5 multipart 2 + 25 parts of 8 MiB, a6 2 + 256 parts; a4 cannot go to S3");
            assertEquals("2025-01-01 test", p.get("cost").get("ratesDate").asText());
        }
    }

    @Test
    void filtersNarrowThePlan() throws Exception {
        JsonNode p = new ObjectMapper().readTree(run("plan", "--config", config.toString(), "--vault", "v",
                "--inventory", json.toString(), "--glob", "photos/*", "--json"));
        assertEquals(2, p.get("archives").asLong());
        assertEquals(2_097_652, p.get("bytes").asLong());
        assertEquals(0, p.get("duplicates").get("archives").asLong());
        JsonNode big = new ObjectMapper().readTree(run("plan", "--config", config.toString(), "--vault", "v",
                "--inventory", csv.toString(), "--min-size", "1000000", "--max-archives", "2", "--json"));
        assertEquals(2, big.get("retrievals").asLong());
        assertEquals(2, big.get("beyondMaxArchives").asLong());
    }

    @Test
    void textOutputNamesRatesDateDuplicatesAndTimes() throws Exception {
        String text = run("plan", "--config", config.toString(), "--vault", "v", "--inventory", json.toString());
        assertTrue(text.contains("selected         6 archives"), text);
        assertTrue(text.contains("duplicates       1 archives, 500 B"), text);
        assertTrue(text.contains("over 5 TiB       1"), text);
        assertTrue(text.contains("Expedited        184.44"), text);
        assertTrue(text.contains("rates of 2025-01-01 test"), text);
        assertTrue(text.contains("Bulk              15.37 = 0.00 requests + 15.37 data"), text);
        assertTrue(text.contains("Bulk          36.0 h = 36.0 h Glacier (starts over 24.0 h + completion) + 7 s download;"
                + " bound by max-in-flight (2 jobs)"), text);
        assertTrue(text.contains("early deletion  0 archives"), text);
        assertTrue(text.contains("S3 STANDARD"), text);
    }

    @Test
    void withoutAnInventoryItSaysHowToGetOne() throws Exception {
        Path err = dir.resolve("plan-err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.thaw.Thaw", "plan", "--config", config.toString(), "--vault",
                "photos").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertEquals(1, p.waitFor());
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(text.contains("no inventory of vault 'photos'"), text);
        assertTrue(text.contains("inventory-retrieval"), text);
    }

    /**
     * Runs thaw in its own process on the test classpath: output captured from System.out in this JVM
     * could interleave with log lines of other test classes' leftover threads.
     */
    static String run(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.thaw.Thaw"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
