package io.thaw.naming;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;

/**
 * Decides, across a whole vault, which archive keeps a name that several archives share: the oldest
 * by CreationDate, on a tie the smallest archive id. All others get {@link DuplicateNames#withSuffix}.
 * The outcome depends only on the set of archives, never on the order they are added.
 *
 * <p>Use in two passes over the inventory: {@link #add} every archive, then ask {@link #finalName}.
 *
 * <p>A name that is also a folder of another archive ("photos" next to "photos/a.jpg") gets the
 * suffix as well: a file system cannot hold a file and a folder of the same name.
 *
 * <p>Names are compared case-insensitively and after Unicode NFC normalisation, because on Windows
 * and macOS "Photo.jpg" and "photo.jpg" are the same file and one would overwrite the other.
 *
 * <p>Memory: one slot per distinct name in flat {@code long} arrays (about 32–64 bytes a name, no
 * objects per archive), plus 8–16 bytes per distinct folder. A slot holds a 64-bit hash of the name, not the name, and the current
 * winner's creation time, first nine id characters (which order ids exactly in practice — Glacier ids
 * are random) and a 64-bit id hash (identity). Not thread-safe.
 */
public final class DuplicatePlan {

    private static final double MAX_LOAD = 0.7;

    private long[] nameKeys;
    private long[] created;
    private long[] idOrder;
    private long[] idHash;
    private int size;
    private final LongSet folders = new LongSet();

    public DuplicatePlan() {
        this(1024);
    }

    /** @param expectedNames a size hint (e.g. the inventory's archive count) to avoid regrowing */
    public DuplicatePlan(int expectedNames) {
        long wanted = Math.min(1 << 29, (long) (Math.max(expectedNames, 0) / MAX_LOAD) + 1);
        allocate(Math.max(16, Integer.highestOneBit((int) wanted) << 1));
    }

    /** Records one archive under its (already safe) relative path. A null creation date counts as newest. */
    public void add(String archiveId, String relativePath, Instant creationDate) {
        for (int slash = relativePath.indexOf('/'); slash > 0; slash = relativePath.indexOf('/', slash + 1)) {
            folders.add(nameKey(relativePath.substring(0, slash)));
        }
        long key = nameKey(relativePath);
        long time = millis(creationDate);
        long order = idOrder(archiveId);
        long hash = ShortHash.long64(archiveId);
        int slot = find(key);
        if (nameKeys[slot] == 0) {
            if (size + 1 > nameKeys.length * MAX_LOAD) {
                grow();
                slot = find(key);
            }
            nameKeys[slot] = key;
            size++;
        } else if (!before(time, order, hash, created[slot], idOrder[slot], idHash[slot])) {
            return;
        }
        created[slot] = time;
        idOrder[slot] = order;
        idHash[slot] = hash;
    }

    /** Whether this archive keeps its plain name (it does too if its name was never added). */
    public boolean keepsPlainName(String archiveId, String relativePath, Instant creationDate) {
        long key = nameKey(relativePath);
        if (folders.contains(key)) {
            return false;
        }
        int slot = find(key);
        return nameKeys[slot] == 0 || created[slot] == millis(creationDate)
                && idOrder[slot] == idOrder(archiveId) && idHash[slot] == ShortHash.long64(archiveId);
    }

    /** The name to deliver this archive under: plain, or with its stable suffix. */
    public String finalName(String archiveId, String relativePath, Instant creationDate, int maxBytes) {
        return keepsPlainName(archiveId, relativePath, creationDate)
                ? relativePath
                : DuplicateNames.withSuffix(relativePath, archiveId, maxBytes);
    }

    /** Distinct names seen. */
    public int size() {
        return size;
    }

    private static boolean before(long time, long order, long hash, long otherTime, long otherOrder, long otherHash) {
        if (time != otherTime) {
            return time < otherTime;
        }
        if (order != otherOrder) {
            return order < otherOrder;
        }
        return Long.compareUnsigned(hash, otherHash) < 0;
    }

    private static long nameKey(String relativePath) {
        long key = ShortHash.long64(Normalizer.normalize(relativePath, Normalizer.Form.NFC).toLowerCase(Locale.ROOT));
        return key == 0 ? 1 : key; // 0 marks an empty slot
    }

    private static long millis(Instant creationDate) {
        return creationDate == null ? Long.MAX_VALUE : creationDate.toEpochMilli();
    }

    /** The first nine characters, seven bits each, so that comparing the longs compares the ids. */
    private static long idOrder(String archiveId) {
        long order = 0;
        for (int i = 0; i < 9; i++) {
            char c = i < archiveId.length() ? archiveId.charAt(i) : 0;
            order = order << 7 | Math.min(c, 127);
        }
        return order;
    }

    private int find(long key) {
        int mask = nameKeys.length - 1;
        int slot = (int) (key ^ key >>> 32) & mask;
        while (nameKeys[slot] != 0 && nameKeys[slot] != key) {
            slot = slot + 1 & mask;
        }
        return slot;
    }

    private void allocate(int capacity) {
        nameKeys = new long[capacity];
        created = new long[capacity];
        idOrder = new long[capacity];
        idHash = new long[capacity];
    }

    private void grow() {
        long[] oldKeys = nameKeys;
        long[] oldCreated = created;
        long[] oldOrder = idOrder;
        long[] oldHash = idHash;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i]);
                nameKeys[slot] = oldKeys[i];
                created[slot] = oldCreated[i];
                idOrder[slot] = oldOrder[i];
                idHash[slot] = oldHash[i];
            }
        }
    }
}
