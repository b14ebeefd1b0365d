package io.thaw.plan;

import io.thaw.inventory.InventoryItem;
import io.thaw.inventory.InventoryReader;
import io.thaw.inventory.MalformedInventoryException;
import io.thaw.deliver.S3Destination;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * What retrieving a vault (or a filtered part of it) amounts to, computed in one streaming pass over
 * its inventory: counts, bytes, size bands, duplicate contents, archives too big for S3. Memory is
 * the {@link DuplicateIndex} only, whatever the archive count.
 */
public final class VaultPlan {

    /** Band upper bounds (exclusive) in bytes; the last band is everything from 5 TiB up. */
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;
    /** S3's largest object (5 TiB): such an archive cannot be delivered to S3. */
    public static final long OVER_S3_LIMIT = 5 * TIB;
    static final long[] BAND_LIMITS = {MIB, 100 * MIB, GIB, 100 * GIB, TIB, OVER_S3_LIMIT + 1};
    static final String[] BAND_NAMES = {"< 1 MiB", "1 MiB - 100 MiB", "100 MiB - 1 GiB", "1 GiB - 100 GiB",
        "100 GiB - 1 TiB", "1 TiB - 5 TiB", "> 5 TiB"};

    private final DuplicateIndex contents = new DuplicateIndex();
    long inventoryArchives;
    long inventoryBytes;
    long selected;
    long selectedBytes;
    long duplicates;
    long duplicateBytes;
    long overS3Limit;
    long skippedRows;
    long beyondMax;
    long s3Requests;
    long largest;
    long smallest = Long.MAX_VALUE;
    long youngArchives;
    long youngBytes;
    double youngGibDaysLeft;
    Instant asOf = Instant.now();
    final long[] bandCounts = new long[BAND_NAMES.length];
    final long[] bandBytes = new long[BAND_NAMES.length];

    /** Reads the inventory to its end; {@code maxArchives} 0 = no limit on retrievals. */
    public static VaultPlan of(InventoryReader inventory, ArchiveFilter filter, long maxArchives) throws IOException {
        return of(inventory, filter, maxArchives, Instant.now());
    }

    /** As of {@code now}: archives younger than 90 days then count for the early-deletion charge. */
    public static VaultPlan of(InventoryReader inventory, ArchiveFilter filter, long maxArchives, Instant now)
            throws IOException {
        VaultPlan p = new VaultPlan();
        p.asOf = now;
        while (true) {
            InventoryItem it;
            try {
                it = inventory.next();
            } catch (MalformedInventoryException e) {
                if (!e.skippable()) {
                    throw e;
                }
                p.skippedRows++;
                continue;
            }
            if (it == null) {
                return p;
            }
            p.add(it, filter, maxArchives);
        }
    }

    void add(InventoryItem it, ArchiveFilter filter, long maxArchives) {
        inventoryArchives++;
        inventoryBytes += it.size();
        if (!filter.matches(it)) {
            return;
        }
        boolean fresh = contents.add(it.treeHash(), it.size());
        if (fresh && maxArchives > 0 && retrievals() >= maxArchives) {
            beyondMax++;
            return;
        }
        selected++;
        selectedBytes += it.size();
        if (!fresh) {
            duplicates++;
            duplicateBytes += it.size();
        }
        int band = band(it.size());
        bandCounts[band]++;
        bandBytes[band] += it.size();
        if (it.size() > OVER_S3_LIMIT) {
            overS3Limit++;
        } else {
            s3Requests += S3Destination.requests(it.size());
        }
        largest = Math.max(largest, it.size());
        smallest = Math.min(smallest, it.size());
        if (it.creationDate() != null) {
            double ageDays = Duration.between(it.creationDate(), asOf).toSeconds() / 86_400.0;
            if (ageDays < 90) {
                youngArchives++;
                youngBytes += it.size();
                youngGibDaysLeft += (double) it.size() / GIB * (90 - Math.max(0, ageDays));
            }
        }
    }

    static int band(long size) {
        for (int i = 0; i < BAND_LIMITS.length; i++) {
            if (size < BAND_LIMITS[i]) {
                return i;
            }
        }
        return BAND_LIMITS.length;
    }

    /** Jobs to start: one per distinct content; the other copies are written from its output. */
    public long retrievals() {
        return selected - duplicates;
    }

    public long retrievalBytes() {
        return selectedBytes - duplicateBytes;
    }

    public long selected() {
        return selected;
    }

    public long selectedBytes() {
        return selectedBytes;
    }

    public long duplicates() {
        return duplicates;
    }

    public long duplicateBytes() {
        return duplicateBytes;
    }

    public long overS3Limit() {
        return overS3Limit;
    }

    public long inventoryArchives() {
        return inventoryArchives;
    }

    public long inventoryBytes() {
        return inventoryBytes;
    }

    /** PUT-class requests to write every selected archive to S3. */
    public long s3Requests() {
        return s3Requests;
    }

    public long largest() {
        return largest;
    }

    public long smallest() {
        return selected == 0 ? 0 : smallest;
    }

    public long youngArchives() {
        return youngArchives;
    }

    public long youngBytes() {
        return youngBytes;
    }

    public double youngGibDaysLeft() {
        return youngGibDaysLeft;
    }

    public long skippedRows() {
        return skippedRows;
    }

    public long beyondMax() {
        return beyondMax;
    }
}
