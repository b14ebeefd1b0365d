package io.thaw.glacier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streaming SHA-256 tree hash as Glacier defines it: SHA-256 of each 1 MiB leaf, then consecutive
 * nodes paired left to right, an unpaired last node promoted unchanged.
 *
 * <p>Bytes are hashed as they pass (one pass, no second read of the file). Finished leaves are kept
 * as a stack of complete power-of-two subtrees (a binary counter), so memory is O(log n) whatever the
 * archive size; folding that stack from the right at the end gives exactly Glacier's tree, because a
 * Glacier tree of n leaves is the left-to-right sequence of complete subtrees given by n's bits.
 */
public final class TreeHash {

    /** Glacier's leaf size: 1 MiB. */
    public static final int LEAF = 1 << 20;

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest leaf = sha256();
    private final MessageDigest node = sha256();
    private final List<byte[]> stackHash = new ArrayList<>();
    private final List<Integer> stackLevel = new ArrayList<>();
    private int leafFill;
    private long total;
    private boolean finished;
    private Consumer<byte[]> leafListener;

    /**
     * Hands every leaf hash (raw 32 bytes, in order) to {@code listener} as it is finished, so a caller
     * that needs the leaves too (the sandbox caches them to answer ranged tree hashes) hashes once.
     */
    public TreeHash onLeaf(Consumer<byte[]> listener) {
        this.leafListener = listener;
        return this;
    }

    /** Feeds bytes; any split of the input gives the same result. */
    public TreeHash update(byte[] b, int off, int len) {
        checkOpen();
        while (len > 0) {
            int n = Math.min(len, LEAF - leafFill);
            leaf.update(b, off, n);
            off += n;
            len -= n;
            advance(n);
        }
        return this;
    }

    public TreeHash update(byte[] b) {
        return update(b, 0, b.length);
    }

    /** Feeds the buffer's remaining bytes and leaves its position at its limit. */
    public TreeHash update(ByteBuffer buf) {
        checkOpen();
        while (buf.hasRemaining()) {
            int n = Math.min(buf.remaining(), LEAF - leafFill);
            int limit = buf.limit();
            buf.limit(buf.position() + n);
            leaf.update(buf);
            buf.limit(limit);
            advance(n);
        }
        return this;
    }

    /** Bytes fed so far. */
    public long size() {
        return total;
    }

    /** The root hash (raw 32 bytes). Ends this instance. Empty input gives SHA-256 of nothing. */
    public byte[] digest() {
        checkOpen();
        finished = true;
        if (leafFill > 0 || total == 0) {
            leafDone(leaf.digest());
        }
        byte[] acc = stackHash.get(stackHash.size() - 1);
        for (int i = stackHash.size() - 2; i >= 0; i--) {
            acc = parent(stackHash.get(i), acc);
        }
        return acc;
    }

    /** The root hash as lowercase hex, the form Glacier headers and notices carry. */
    public String hex() {
        return HEX.formatHex(digest());
    }

    private void advance(int n) {
        leafFill += n;
        total += n;
        if (leafFill == LEAF) {
            leafDone(leaf.digest());
            leafFill = 0;
        }
    }

    private void leafDone(byte[] h) {
        if (leafListener != null) {
            leafListener.accept(h);
        }
        push(h);
    }

    private void push(byte[] h) {
        int level = 0;
        while (!stackLevel.isEmpty() && stackLevel.get(stackLevel.size() - 1) == level) {
            int top = stackLevel.size() - 1;
            h = parent(stackHash.remove(top), h);
            stackLevel.remove(top);
            level++;
        }
        stackHash.add(h);
        stackLevel.add(level);
    }

    private byte[] parent(byte[] left, byte[] right) {
        node.update(left);
        node.update(right);
        return node.digest();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("tree hash already finished");
        }
    }

    // ---- one-shot helpers ----

    public static String of(byte[] data) {
        return new TreeHash().update(data).hex();
    }

    /** Reads the stream to its end. */
    public static String of(InputStream in) throws IOException {
        TreeHash th = new TreeHash();
        byte[] buf = new byte[256 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            th.update(buf, 0, n);
        }
        return th.hex();
    }

    /** Tree hash of a byte range of a file, read with positional reads (the file is not kept open). */
    public static byte[] of(Path file, long offset, long length) throws IOException {
        TreeHash th = new TreeHash();
        // no larger than the range: a small file delivered by rename is read back per archive, and a
        // 1 MiB buffer for each was most of what a whole-vault run of small archives allocated
        ByteBuffer buf = ByteBuffer.allocate((int) Math.max(1, Math.min(LEAF, length)));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), end - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException(file + " is shorter than " + end + " bytes");
                }
                pos += n;
                buf.flip();
                th.update(buf);
            }
        }
        return th.digest();
    }

    public static String of(Path file) throws IOException {
        return toHex(of(file, 0, java.nio.file.Files.size(file)));
    }

    /**
     * Root of a tree built over already-hashed subtrees, pairing left to right and promoting the odd one.
     * Correct for composing chunk hashes when every chunk but the last is the same power-of-two number
     * of MiB and chunks are aligned on that size (each is then a complete subtree of the archive's tree).
     */
    public static byte[] combine(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        MessageDigest md = sha256();
        List<byte[]> level = hashes;
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 < level.size()) {
                    md.update(level.get(i));
                    md.update(level.get(i + 1));
                    next.add(md.digest());
                } else {
                    next.add(level.get(i));
                }
            }
            level = next;
        }
        return level.get(0);
    }

    public static String toHex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    public static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    /** Plain (linear) SHA-256 in hex: Glacier's x-amz-content-sha256. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** A byte range whose start and end+1 fall on 1 MiB boundaries (or end+1 is the size): InitiateJob's rule. */
    public static boolean isMibAligned(long start, long endInclusive, long size) {
        return start % LEAF == 0 && ((endInclusive + 1) % LEAF == 0 || endInclusive + 1 == size);
    }

    /**
     * True when byte range [start, endInclusive] of an archive of the given size is a node of the
     * archive's tree: leaf range [a, b) is a node iff a % 2^j == 0 and b == min(a + 2^j, leaves) for some j.
     */
    public static boolean isTreeAligned(long start, long endInclusive, long size) {
        if (start < 0 || endInclusive < start || endInclusive >= size || !isMibAligned(start, endInclusive, size)) {
            return false;
        }
        long leaves = (size + LEAF - 1) / LEAF;
        long a = start / LEAF;
        long b = (endInclusive + 1 + LEAF - 1) / LEAF;
        for (long span = 1; span <= Long.highestOneBit(leaves) * 2; span <<= 1) {
            if (a % span == 0 && b == Math.min(a + span, leaves)) {
                return true;
            }
            if (a % span != 0) {
                break;
            }
        }
        return false;
    }
}
