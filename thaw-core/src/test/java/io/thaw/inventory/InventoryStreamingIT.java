package io.thaw.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 200,000 archives read from a generator stream (the inventory never exists as a whole) with a
 * running checksum over every field. The child-JVM test repeats it under a 24 MiB heap, less than
 * half the ~60 MB document, so a reader that buffered the document or collected items would fail.
 */
class InventoryStreamingIT {

    static final int COUNT = 200_000;

    /** Running digest over every field of every item, in order. */
    static final class Checksum {
        private final MessageDigest sha;
        private long count;
        private long bytes;

        Checksum() throws Exception {
            sha = MessageDigest.getInstance("SHA-256");
        }

        void add(InventoryItem it) {
            count++;
            bytes += it.size();
            String s = it.archiveId() + '\0' + it.description() + '\0' + it.creationDate() + '\0' + it.size() + '\0'
                    + it.treeHash() + '\n';
            sha.update(s.getBytes(StandardCharsets.UTF_8));
        }

        String result() {
            return count + " items, " + bytes + " bytes, sha256 " + HexFormat.of().formatHex(sha.digest());
        }
    }

    private static String expected;

    /** Computed once from the generator's model of the items, not from any reader. */
    static synchronized String expected(int count) throws Exception {
        if (count == COUNT && expected != null) {
            return expected;
        }
        Checksum c = new Checksum();
        for (int i = 0; i < count; i++) {
            c.add(GeneratedInventory.item(i));
        }
        String result = c.result(); // digest() resets: call once
        if (count == COUNT) {
            expected = result;
        }
        return result;
    }

    static String read(InputStream in) throws Exception {
        Checksum c = new Checksum();
        try (InventoryReader r = InventoryReader.open(in)) {
            for (InventoryItem it : r) {
                c.add(it);
            }
        }
        return c.result();
    }

    @Test
    void json200kItems() throws Exception {
        assertEquals(expected(COUNT), read(GeneratedInventory.json(COUNT)));
    }

    @Test
    void csv200kItems() throws Exception {
        assertEquals(expected(COUNT), read(GeneratedInventory.csv(COUNT)));
    }

    @Test
    void bothFormatsInA24MibHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                SmallHeap.class.getName(), Integer.toString(COUNT))
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String e = expected(COUNT);
        assertEquals("JSON " + e + "\nCSV " + e, out);
        assertEquals(0, p.exitValue());
    }

    /** Entry point of the small-heap child JVM. */
    public static final class SmallHeap {
        public static void main(String[] args) throws Exception {
            int count = Integer.parseInt(args[0]);
            System.out.println("JSON " + read(GeneratedInventory.json(count)));
            System.out.println("CSV " + read(GeneratedInventory.csv(count)));
        }
    }

    /** Sanity check of the premise: the generated documents are much bigger than the child's heap. */
    @Test
    void generatedDocumentIsLargerThanTheSmallHeap() throws IOException {
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = GeneratedInventory.json(COUNT)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                size += n;
            }
        }
        assertTrue(size > 2 * 24L * 1024 * 1024, "document is " + size + " bytes");
    }
}
