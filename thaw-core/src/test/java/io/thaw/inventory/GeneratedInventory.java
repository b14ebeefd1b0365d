package io.thaw.inventory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * An inventory of {@code count} synthetic archives produced byte by byte as it is read: the document
 * never exists in memory, so a test reading it proves the reader does not need it to.
 */
final class GeneratedInventory extends InputStream {

    private final int count;
    private final Function<Integer, String> itemText;
    private final String prefix;
    private final String separator;
    private final String suffix;
    private int next = -1; // -1: prefix not yet served
    private byte[] chunk = new byte[0];
    private int chunkPos;
    private boolean finished;

    private GeneratedInventory(int count, String prefix, Function<Integer, String> itemText, String separator, String suffix) {
        this.count = count;
        this.prefix = prefix;
        this.itemText = itemText;
        this.separator = separator;
        this.suffix = suffix;
    }

    /** Archive number i: deterministic, with commas, quotes, backslashes and non-ASCII in some descriptions. */
    static InventoryItem item(int i) {
        String id = ("a" + i + "-" + Integer.toHexString(i * 31 + 7) + "_").repeat(6);
        String description = switch (i % 5) {
            case 0 -> "plain " + i;
            case 1 -> "with, comma \"and quote\" " + i;
            case 2 -> "C:\\backup, old\\" + i + "\\";
            case 3 -> "Ünïcødé ✓ 写真 " + i;
            default -> "";
        };
        byte[] h = new byte[32];
        for (int k = 0; k < 32; k++) {
            h[k] = (byte) (i * 7 + k * 13);
        }
        return new InventoryItem(id, description, Instant.ofEpochSecond(1_300_000_000L + i * 61L), 1_048_576L + i,
                HexFormat.of().formatHex(h));
    }

    static GeneratedInventory json(int count) {
        return new GeneratedInventory(count, "{\"VaultARN\":\"arn:aws:glacier:us-east-1:111122223333:vaults/big\","
                + "\"InventoryDate\":\"2024-01-02T03:04:05Z\",\"ArchiveList\":[",
                i -> {
                    InventoryItem it = item(i);
                    return "{\"ArchiveId\":\"" + it.archiveId() + "\",\"ArchiveDescription\":\""
                            + it.description().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"CreationDate\":\""
                            + it.creationDate() + "\",\"Size\":" + it.size() + ",\"SHA256TreeHash\":\"" + it.treeHash() + "\"}";
                }, ",", "]}");
    }

    static GeneratedInventory csv(int count) {
        return new GeneratedInventory(count, "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n",
                i -> GlacierCsv.row(item(i)) + "\n", "", "");
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (chunkPos >= chunk.length) {
            if (finished) {
                return -1;
            }
            advance();
        }
        int n = Math.min(len, chunk.length - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        return n;
    }

    private void advance() {
        String text;
        if (next < 0) {
            text = prefix;
        } else if (next < count) {
            text = (next > 0 ? separator : "") + itemText.apply(next);
        } else {
            text = suffix;
            finished = true;
        }
        next++;
        chunk = text.getBytes(StandardCharsets.UTF_8);
        chunkPos = 0;
    }
}
