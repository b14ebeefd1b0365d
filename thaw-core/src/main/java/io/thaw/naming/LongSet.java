package io.thaw.naming;

/** An open-addressing set of non-zero longs in one array: 8–16 bytes an entry, no boxing. */
final class LongSet {

    private long[] slots = new long[64];
    private int size;

    /** Adds a key (0 is mapped to 1, as 0 marks a free slot). */
    void add(long key) {
        long k = key == 0 ? 1 : key;
        int slot = find(slots, k);
        if (slots[slot] == 0) {
            slots[slot] = k;
            if (++size > slots.length * 0.7) {
                grow();
            }
        }
    }

    boolean contains(long key) {
        long k = key == 0 ? 1 : key;
        return slots[find(slots, k)] == k;
    }

    private static int find(long[] table, long key) {
        int mask = table.length - 1;
        int slot = (int) (key ^ key >>> 32) & mask;
        while (table[slot] != 0 && table[slot] != key) {
            slot = slot + 1 & mask;
        }
        return slot;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long key : slots) {
            if (key != 0) {
                bigger[find(bigger, key)] = key;
            }
        }
        slots = bigger;
    }
}
