import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/**
 * Writes a Glacier vault inventory of N archives as JSON and CSV, with realistic descriptions: plain
 * paths, mt-aws-glacier "mt2 <base64 json>", CloudBerry-style JSON, FastGlacier XML-ish, empty ones,
 * names with commas, quotes, backslashes and non-ASCII; about 2 % duplicate contents.
 *
 *   java bench/GenerateInventory.java 1000000 target/bench/inventory   (writes .json and .csv)
 */
public class GenerateInventory {

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path base = Path.of(args[1]);
        Files.createDirectories(base.toAbsolutePath().getParent());
        Random r = new Random(42);
        HexFormat hex = HexFormat.of();
        try (BufferedWriter json = Files.newBufferedWriter(Path.of(base + ".json"), StandardCharsets.UTF_8);
             BufferedWriter csv = Files.newBufferedWriter(Path.of(base + ".csv"), StandardCharsets.UTF_8)) {
            json.write("{\"VaultARN\":\"arn:aws:glacier:us-east-1:012345678901:vaults/bench\","
                    + "\"InventoryDate\":\"2025-01-01T00:00:00Z\",\"ArchiveList\":[");
            csv.write("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n");
            byte[] idBytes = new byte[103];
            byte[] hash = new byte[32];
            long lastSize = 1;
            String lastHash = null;
            for (int i = 0; i < n; i++) {
                r.nextBytes(idBytes);
                String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes).substring(0, 138);
                long size;
                String treeHash;
                if (lastHash != null && r.nextInt(50) == 0) {
                    size = lastSize; // same content as an earlier archive
                    treeHash = lastHash;
                } else {
                    size = size(r);
                    r.nextBytes(hash);
                    treeHash = hex.formatHex(hash);
                }
                if (r.nextInt(10) == 0) {
                    lastSize = size;
                    lastHash = treeHash;
                }
                String description = description(r, i);
                String created = Instant.ofEpochSecond(1_300_000_000L + i * 300L).toString();
                json.write((i == 0 ? "" : ",") + "{\"ArchiveId\":\"" + id + "\",\"ArchiveDescription\":\""
                        + jsonEscape(description) + "\",\"CreationDate\":\"" + created + "\",\"Size\":" + size
                        + ",\"SHA256TreeHash\":\"" + treeHash + "\"}");
                csv.write(id + ",\"" + description.replace("\\", "\\\\").replace("\"", "\\\"") + "\"," + created + ","
                        + size + "," + treeHash + "\n");
            }
            json.write("]}");
        }
    }

    /** Mostly small files, a tail of big ones, a few over 5 TiB. */
    static long size(Random r) {
        int band = r.nextInt(1000);
        if (band < 600) {
            return 1 + r.nextInt(1 << 20);
        }
        if (band < 900) {
            return (1L << 20) + (long) (r.nextDouble() * (99L << 20));
        }
        if (band < 990) {
            return (100L << 20) + (long) (r.nextDouble() * (900L << 20));
        }
        if (band < 999) {
            return (1L << 30) + (long) (r.nextDouble() * (99L << 30));
        }
        return r.nextInt(10) == 0 ? (6L << 40) : (1L << 40) + (long) (r.nextDouble() * (3L << 40));
    }

    static String description(Random r, int i) {
        String path = "home/user/photos/" + (2000 + i % 25) + "/" + (i % 12 + 1) + "/IMG_" + i + ".jpg";
        switch (r.nextInt(8)) {
            case 0:
                return "";
            case 1:
                return "mt2 " + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"filename\":\"" + path
                        + "\",\"mtime\":\"20190102T030405Z\"}").getBytes(StandardCharsets.UTF_8));
            case 2:
                return "{\"Path\":\"" + path + "\",\"UTCDateModified\":\"20190102T030405Z\"}";
            case 3:
                return "docs/report, final \"v2\" \\ " + i + ".pdf";
            case 4:
                return "música/canción " + i + ".mp3";
            default:
                return path;
        }
    }

    static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
