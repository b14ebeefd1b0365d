package io.thaw.plan;

import java.nio.charset.StandardCharsets;

/**
 * Recognises archives with the same content, by (tree hash, size), in flat memory: one 64-bit key
 * per distinct content in an open-addressing table, 8 bytes a slot at most 70 % full, so about 12-23
 * bytes per archive (23 MB for a million), and as much again once values are recorded (e.g. where the
 * content was first queued). The key is a 64-bit hash of the pair, not the pair:
 * two different contents collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million archives), which
 * a plan may ignore; a run confirms every duplicate against the full tree hash in the store.
 */
public final class DuplicateIndex {

    /** What {@link #get} answers for a content not recorded. */
    public static final long ABSENT = Long.MIN_VALUE;

    private long[] keys = new long[1 << 10];
    /** Null until a value other than 0 is recorded: a plan (add only) keeps 8 bytes a slot. */
    private long[] values;
    private int size;

    /** Records the content; answers false when it was seen before (a duplicate). */
    public boolean add(String treeHash, long size) {
        return putIfAbsent(treeHash, size, 0) == ABSENT;
    }

    /** Records the content with {@code value} unless it was seen before; answers the value recorded first, or ABSENT. */
    public long putIfAbsent(String treeHash, long size, long value) {
        long key = key(treeHash, size);
        int slot = find(key);
        if (keys[slot] == key) {
            return values == null ? 0 : values[slot];
        }
        keys[slot] = key;
        if (values == null && value != 0) {
            values = new long[keys.length];
        }
        if (values != null) {
            values[slot] = value;
        }
        if (++this.size > keys.length * 0.7) {
            grow();
        }
        return ABSENT;
    }

    /** The value recorded with this content, or ABSENT. */
    public long get(String treeHash, long size) {
        long key = key(treeHash, size);
        int slot = find(key);
        return keys[slot] != key ? ABSENT : values == null ? 0 : values[slot];
    }

    /** Distinct contents seen. */
    public int size() {
        return size;
    }

    static long key(String treeHash, long size) {
        // FNV-1a over the hash text, then mixed with the size (SplitMix64 finaliser).
        long h = 0xcbf29ce484222325L;
        byte[] b = (treeHash == null ? "" : treeHash).getBytes(StandardCharsets.US_ASCII);
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        h ^= size * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) (key ^ key >>> 32) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = slot + 1 & mask;
        }
        return slot;
    }

    private void grow() {
        long[] old = keys;
        long[] oldValues = values;
        keys = new long[old.length * 2];
        values = oldValues == null ? null : new long[old.length * 2];
        for (int i = 0; i < old.length; i++) {
            if (old[i] != 0) {
                int slot = find(old[i]);
                keys[slot] = old[i];
                if (values != null) {
                    values[slot] = oldValues[i];
                }
            }
        }
    }
}
