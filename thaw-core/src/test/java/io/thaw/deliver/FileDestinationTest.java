package io.thaw.deliver;

import io.thaw.glacier.TreeHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileDestinationTest {

    @TempDir
    Path tmp;

    /** The read-back before the rename hashes segments side by side: the same tree hash as one pass. */
    @Test
    void readBackInSegmentsIsTheTreeHashOfTheWholeFile() throws IOException {
        long seg = FileDestination.READ_BACK_SEGMENT;
        java.util.Random random = new java.util.Random(14);
        for (long size : new long[] {1, seg, seg + 1, 2 * seg + (3 << 20) + 7}) {
            Path f = tmp.resolve("rb-" + size);
            byte[] block = new byte[1 << 20];
            try (var out = Files.newOutputStream(f)) {
                for (long left = size; left > 0; left -= block.length) {
                    random.nextBytes(block);
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
            }
            assertEquals(TreeHash.of(Files.readAllBytes(f)), FileDestination.readBack(f), size + " bytes");
        }
    }

    private Path source(long size, long seed) throws IOException {
        Path f = tmp.resolve("verified-" + seed);
        TestFiles.generate(f, size, seed);
        return f;
    }

    private static Delivery delivery(String name, Path file, Instant mtime) throws IOException {
        return new Delivery(name, Files.size(file), TreeHash.of(file), mtime, "photos", "archive-1", "job-1");
    }

    @Test
    void copiesBytesUnderNestedUnicodeNameWithMtimeAndNoTempLeft() throws Exception {
        Path root = tmp.resolve("out");
        Path src = source(3 * TreeHash.LEAF + 123, 1);
        Instant mtime = Instant.parse("2019-07-14T10:15:30.250Z");

        Delivered d = new FileDestination(root).deliver(src, delivery("été/2019/naïve ☃.bin", src, mtime));

        Path landed = root.resolve("été").resolve("2019").resolve("naïve ☃.bin");
        assertEquals(TestFiles.sha256(src), TestFiles.sha256(landed));
        assertEquals(TreeHash.of(src), TreeHash.of(landed));
        assertEquals(mtime, Files.getLastModifiedTime(landed).toInstant());
        assertEquals(Files.size(src), d.size());
        assertEquals(landed.toAbsolutePath().toUri().toString(), d.location());
        assertTrue(Files.exists(src), "a copy leaves the caller's file alone");
        assertEquals(List.of(landed), allFiles(root), "only the final file, no .thaw-part left");
    }

    /** Notice consumers deliver at once: the first files into a new folder race to create it. */
    @Test
    void concurrentDeliveriesIntoTheSameNewFoldersAllSucceed() throws Exception {
        Path root = tmp.resolve("out");
        Path src = source(1000, 2);
        Delivery template = delivery("x", src, null);
        FileDestination dest = new FileDestination(root);
        int threads = 16;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                String folder = "vault/" + round + "/deep/er";
                List<java.util.concurrent.Future<Delivered>> all = new java.util.ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Delivery d = new Delivery(folder + "/file-" + i, template.size(), template.treeHash(), null,
                            "photos", "archive-" + i, "job-" + i);
                    all.add(pool.submit(() -> {
                        start.await();
                        return dest.deliver(src, d);
                    }));
                }
                for (java.util.concurrent.Future<Delivered> f : all) {
                    assertEquals(1000, f.get().size()); // throws if a delivery failed
                }
                try (Stream<Path> files = Files.list(root.resolve(folder))) {
                    assertEquals(threads, files.count());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replacesAnOlderFileAndKeepsNowWhenNoMtime() throws Exception {
        Path root = tmp.resolve("out");
        Files.createDirectories(root);
        Files.writeString(root.resolve("a.txt"), "old");
        Path src = source(10, 2);
        Instant before = Instant.now().minusSeconds(5);

        new FileDestination(root).deliver(src, delivery("a.txt", src, null));

        assertEquals(TestFiles.sha256(src), TestFiles.sha256(root.resolve("a.txt")));
        assertTrue(Files.getLastModifiedTime(root.resolve("a.txt")).toInstant().isAfter(before));
    }

    @Test
    void movesWhenAllowedOnTheSameFileStore() throws Exception {
        Path root = tmp.resolve("out");
        Path src = source(5000, 3);
        String sha = TestFiles.sha256(src);

        new FileDestination(root, true).deliver(src, delivery("m.bin", src, null));

        assertEquals(sha, TestFiles.sha256(root.resolve("m.bin")));
        assertFalse(Files.exists(src), "moved, not copied");
    }

    /**
     * A file its download sealed is renamed without reading it again: shown by a delivery whose tree hash
     * the bytes do not have (which the read-back refuses) going through on the seal alone.
     */
    @Test
    void aSealedFileMovesWithoutAReadBackButAChangeAfterTheSealIsRefused() throws Exception {
        Path root = tmp.resolve("out");
        Path src = source(70_000, 5);
        String notItsHash = TreeHash.of(new byte[70_000]);
        Delivery unsealed = new Delivery("s.bin", Files.size(src), notItsHash, null, "photos", "archive-1", "job-1");
        assertThrows(IOException.class, () -> new FileDestination(root, true).deliver(src, unsealed),
                "without a seal the read-back finds the bytes are not the verified ones");

        io.thaw.glacier.FileSeal seal = io.thaw.glacier.FileSeal.of(src);
        assertTrue(seal != null, "this file system gives unix attributes");
        new FileDestination(root, true).deliver(src, unsealed.sealed(seal));
        assertTrue(Files.exists(root.resolve("s.bin")), "renamed on the seal, not read again");
        assertFalse(Files.exists(src));

        // the same size rewritten after the seal: the change time moved, so the rename is refused
        Path changed = source(70_000, 6);
        io.thaw.glacier.FileSeal before = io.thaw.glacier.FileSeal.of(changed);
        Files.write(changed, new byte[70_000]);
        Delivery d = new Delivery("c.bin", 70_000, TreeHash.of(changed), null, "photos", "archive-2", "job-2")
                .sealed(before);
        IOException e = assertThrows(IOException.class, () -> new FileDestination(root, true).deliver(changed, d));
        assertTrue(e.getMessage().contains("changed, replaced or touched"), e.getMessage());
        assertFalse(Files.exists(root.resolve("c.bin")), "never under its final name");
    }

    @Test
    void refusesASymlinkedFolderThatLeadsOutsideTheRoot() throws Exception {
        Path root = tmp.resolve("out");
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("sub"), outside);
        Path src = source(100, 4);

        IOException e = assertThrows(IOException.class,
                () -> new FileDestination(root).deliver(src, delivery("sub/x.bin", src, null)));

        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("outside the destination folder"),
                e.getMessage());
        assertEquals(List.of(), allFiles(outside));
    }

    @Test
    void followsASymlinkedFolderThatStaysInsideTheRoot() throws Exception {
        Path root = tmp.resolve("out");
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        Path src = source(100, 5);

        new FileDestination(root).deliver(src, delivery("alias/x.bin", src, null));

        assertEquals(TestFiles.sha256(src), TestFiles.sha256(root.resolve("real/x.bin")));
    }

    @Test
    void refusesNamesOutsideTheRootBeforeWritingAnything() throws Exception {
        Path root = tmp.resolve("out");
        Path src = source(100, 6);
        for (String bad : List.of("../escape.bin", "/etc/escape.bin", "a\\b.bin")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new FileDestination(root).deliver(src, delivery(bad, src, null)));
        }
        assertFalse(Files.exists(tmp.resolve("escape.bin")));
    }

    @Test
    void failedDeliveryLeavesNeitherFinalNameNorTempFile() throws Exception {
        Path root = tmp.resolve("out");
        Files.createDirectories(root.resolve("busy.bin"));   // a folder occupies the final name
        Path src = source(1000, 7);

        IOException e = assertThrows(IOException.class,
                () -> new FileDestination(root).deliver(src, delivery("busy.bin", src, null)));

        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertEquals(List.of(), allFiles(root));

        Path missing = tmp.resolve("vanished.bin");   // the verified file disappears before the copy
        Delivery d = new Delivery("gone.bin", 1000, "00", null, "v", "a", "j");
        assertThrows(IOException.class, () -> new FileDestination(root).deliver(missing, d));
        assertEquals(List.of(), allFiles(root));
    }

    private static List<Path> allFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
