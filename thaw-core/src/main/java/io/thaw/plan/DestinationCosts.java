package io.thaw.plan;

import io.thaw.ThawConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.List;

/**
 * What delivering to S3 and deleting from Glacier add to a plan: S3 PUT-class requests by storage class
 * (a multipart upload is create + parts + complete), the per-object overhead S3 bills for its
 * Glacier-class storage (32 KiB at the class's rate + 8 KiB at STANDARD's, per object per month), and
 * Glacier's early-deletion charge for archives younger than 90 days (the storage of the days left).
 * Prices come from the settings model (defaults: AWS us-east-1); {@code thaw.rates.s3.<class>.per-1000-puts|per-gb-month} and
 * {@code thaw.rates.storage.per-gb-month} (the vault's) override them, {@code thaw.rates.s3.date} dates them.
 */
public record DestinationCosts(String date, String storageClass, BigDecimal per1000Puts, BigDecimal perGbMonth,
                               BigDecimal standardPerGbMonth, BigDecimal glacierPerGbMonth) {

    /** The S3 storage classes thaw.rates.s3.&lt;class&gt;.* prices (io.thaw.config.Catalog declares each). */
    private static final List<String> CLASSES = List.of("STANDARD", "INTELLIGENT_TIERING", "STANDARD_IA",
            "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE");
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    public static DestinationCosts from(ThawConfig cfg, String storageClass) {
        String c = storageClass == null ? "STANDARD" : storageClass.trim().toUpperCase(Locale.ROOT);
        if (!CLASSES.contains(c)) {
            throw new IllegalArgumentException("unknown S3 storage class '" + storageClass + "' — use one of "
                    + String.join(", ", CLASSES));
        }
        String k = "thaw.rates.s3." + c.toLowerCase(Locale.ROOT);
        return new DestinationCosts(cfg.get("thaw.rates.s3.date"), c, money(cfg, k + ".per-1000-puts"),
                money(cfg, k + ".per-gb-month"), money(cfg, "thaw.rates.s3.standard.per-gb-month"),
                money(cfg, "thaw.rates.storage.per-gb-month"));
    }

    private static BigDecimal money(ThawConfig cfg, String key) {
        String v = cfg.get(key);
        try {
            BigDecimal b = new BigDecimal(v);
            if (b.signum() >= 0) {
                return b;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException(key + "='" + v + "' is not a price: write a plain decimal such as 0.005");
    }

    public BigDecimal puts(long requests) {
        return per1000Puts.multiply(BigDecimal.valueOf(requests)).divide(BigDecimal.valueOf(1000), 2, RoundingMode.HALF_UP);
    }

    public boolean glacierClass() {
        return storageClass.equals("GLACIER") || storageClass.equals("DEEP_ARCHIVE");
    }

    /** Per month: the metadata S3 keeps for each object of a Glacier class (0 for other classes). */
    public BigDecimal objectOverheadPerMonth(long objects) {
        if (!glacierClass()) {
            return BigDecimal.ZERO.setScale(2);
        }
        BigDecimal n = BigDecimal.valueOf(objects);
        BigDecimal own = perGbMonth.multiply(n).multiply(BigDecimal.valueOf(32 << 10));
        BigDecimal std = standardPerGbMonth.multiply(n).multiply(BigDecimal.valueOf(8 << 10));
        return own.add(std).divide(GIB, 2, RoundingMode.HALF_UP);
    }

    /** Storage per month of the delivered bytes in this class. */
    public BigDecimal storagePerMonth(long bytes) {
        return perGbMonth.multiply(BigDecimal.valueOf(bytes)).divide(GIB, 2, RoundingMode.HALF_UP);
    }

    /** Glacier's charge for deleting early: GiB-days of storage left before 90 days, at the vault's rate. */
    public BigDecimal earlyDeletion(double gibDaysLeft) {
        return glacierPerGbMonth.multiply(BigDecimal.valueOf(gibDaysLeft)).divide(BigDecimal.valueOf(30), 2,
                RoundingMode.HALF_UP);
    }
}
