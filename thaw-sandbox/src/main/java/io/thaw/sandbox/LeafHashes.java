package io.thaw.sandbox;

import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The SHA-256 of every 1 MiB leaf of an archive, kept in a sidecar file {@code <archive file>.leaves}
 * (32 raw bytes per leaf, leaf i at offset 32·i). Real Glacier answers a ranged GetJobOutput's
 * x-amz-sha256-tree-hash from hashes it already holds; re-reading and hashing the range on every request
 * made the sandbox compete with the client for CPU, so the leaves are captured once while the upload's
 * tree hash is validated and a tree-aligned range is answered by combining its leaves (at most 32 bytes
 * per MiB read, e.g. 1 KiB for a 32 MiB range).
 */
final class LeafHashes {

    private static final int HASH = 32;

    private LeafHashes() {
    }

    /** The sidecar of an archive (or upload) file. */
    static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".leaves");
    }

    /**
     * A tree hash whose leaves are written to {@code sidecar} from leaf index {@code position / LEAF} on.
     * {@code position} must be 1 MiB aligned (archive starts and multipart part offsets are).
     */
    static TreeHash recording(FileChannel sidecar, long position) {
        long[] next = {position / TreeHash.LEAF * HASH};
        return new TreeHash().onLeaf(h -> {
            try {
                ByteBuffer b = ByteBuffer.wrap(h);
                while (b.hasRemaining()) {
                    sidecar.write(b, next[0] + b.position());
                }
                next[0] += HASH;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the leaf hashes " + sidecar, e);
            }
        });
    }

    /**
     * The tree hash of archive bytes [start, endInclusive] from the cached leaves, or null when the archive
     * has no (complete) sidecar, e.g. one filed by an older sandbox; the caller then hashes the bytes.
     * The range must be a node of the archive's tree (TreeHash.isTreeAligned): the leaves of such a node,
     * paired left to right, give exactly that node's hash.
     */
    static byte[] range(Path archiveFile, long start, long endInclusive) throws IOException {
        long first = start / TreeHash.LEAF;
        long count = (endInclusive - start) / TreeHash.LEAF + 1;
        if (count > Integer.MAX_VALUE / HASH) {
            return null; // larger than any range a client asks for at once; hash the bytes instead
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (count * HASH));
        try (FileChannel ch = FileChannel.open(sidecar(archiveFile), StandardOpenOption.READ)) {
            long pos = first * HASH;
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    return null;
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        List<byte[]> leaves = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            byte[] h = new byte[HASH];
            buf.get(i * HASH, h);
            leaves.add(h);
        }
        return TreeHash.combine(leaves);
    }

    /** Hex tree hash of a tree-aligned archive range: from the leaves when cached, else by reading the bytes. */
    static String rangeHex(Path archiveFile, long start, long endInclusive) throws IOException {
        byte[] h = range(archiveFile, start, endInclusive);
        return TreeHash.toHex(h != null ? h : TreeHash.of(archiveFile, start, endInclusive - start + 1));
    }

    static void delete(Path archiveFile) throws IOException {
        Files.deleteIfExists(sidecar(archiveFile));
    }
}
