package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.inventory.InventoryReader;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's destination costs in `thaw plan`, against hand-computed figures: Glacier's early-deletion charge
 * for an archive younger than 90 days (GiB-days left at the vault's rate), none for an older one, and the
 * per-object overhead S3 adds for a Glacier storage class.
 */
class VaultPlanCostsTest {

    static final long GIB = 1L << 30;

    @Test
    void earlyDeletionChargesOnlyArchivesYoungerThanNinetyDaysForTheDaysLeft() throws Exception {
        String csv = "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n"
                + "young,\"a.txt\",2025-05-02T00:00:00Z," + 3 * GIB + "," + "a".repeat(64) + "\n"
                + "old,\"b.txt\",2024-11-13T00:00:00Z," + GIB + "," + "b".repeat(64) + "\n";
        VaultPlan p = VaultPlan.of(InventoryReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))),
                ArchiveFilter.ALL, 0, Instant.parse("2025-06-01T00:00:00Z"));
        assertEquals(1, p.youngArchives(), "only the 30-day-old archive");
        assertEquals(3 * GIB, p.youngBytes());
        assertEquals(3 * 60.0, p.youngGibDaysLeft(), 1e-9, "3 GiB x the 60 days left of 90");
        DestinationCosts glacier = new DestinationCosts("2025-01-01", "GLACIER", new BigDecimal("0.05"),
                new BigDecimal("0.0036"), new BigDecimal("0.023"), new BigDecimal("0.01"));
        assertEquals(new BigDecimal("0.06"), glacier.earlyDeletion(p.youngGibDaysLeft()), "0.01 x 180 GiB-days / 30");
    }

    @Test
    void aGlacierStorageClassAddsItsPerObjectOverheadAndOthersDoNot() {
        DestinationCosts glacier = new DestinationCosts("2025-01-01", "GLACIER", new BigDecimal("0.05"),
                new BigDecimal("0.0036"), new BigDecimal("0.023"), new BigDecimal("0.01"));
        // 1,000,000 objects: 32 KiB each at the class's rate + 8 KiB each at STANDARD's = 0.1099 + 0.1755
        assertTrue(glacier.glacierClass());
        assertEquals(new BigDecimal("0.29"), glacier.objectOverheadPerMonth(1_000_000));
        assertEquals(new BigDecimal("50.00"), glacier.puts(1_000_000), "0.05 per 1,000 PUTs");
        DestinationCosts standard = new DestinationCosts("2025-01-01", "STANDARD", new BigDecimal("0.005"),
                new BigDecimal("0.023"), new BigDecimal("0.023"), new BigDecimal("0.01"));
        assertEquals(new BigDecimal("0.00"), standard.objectOverheadPerMonth(1_000_000));
    }
}
