package io.thaw.plan;

import io.thaw.ThawConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Glacier retrieval prices per tier: a fee per 1,000 retrieval requests (one per archive job) and a
 * fee per GB retrieved (GB = 2³⁰ bytes, as AWS bills). Read from {@code thaw.rates.*}; the defaults
 * are the published Amazon S3 Glacier (vault API) rates for US East (N. Virginia), dated by
 * {@code thaw.rates.date}, because prices change and a plan must say which ones it used.
 */
public record RateTable(String date, String currency, Map<String, Rate> tiers) {

    public static final List<String> TIERS = List.of("Expedited", "Standard", "Bulk");
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    public record Rate(BigDecimal per1000Requests, BigDecimal perGb) {

        /** Estimated cost of {@code requests} retrieval jobs fetching {@code bytes} in total. */
        public BigDecimal cost(long requests, long bytes) {
            BigDecimal req = per1000Requests.multiply(BigDecimal.valueOf(requests)).divide(BigDecimal.valueOf(1000));
            BigDecimal data = perGb.multiply(BigDecimal.valueOf(bytes)).divide(GIB, 10, RoundingMode.HALF_UP);
            return req.add(data).setScale(2, RoundingMode.HALF_UP);
        }
    }

    public static RateTable from(ThawConfig cfg) {
        Map<String, Rate> tiers = new LinkedHashMap<>();
        for (String tier : TIERS) {
            tiers.put(tier, rate(cfg, lower(tier)));
        }
        return new RateTable(cfg.get("thaw.rates.date"), cfg.get("thaw.rates.currency"), tiers);
    }

    /** The default rates, as if no thaw.rates.* were set. */
    public static RateTable defaults() {
        return from(ThawConfig.of(key -> null, java.util.Set::of));
    }

    private static Rate rate(ThawConfig cfg, String tier) {
        return new Rate(money(cfg, "thaw.rates." + tier + ".per-1000-requests"),
                money(cfg, "thaw.rates." + tier + ".per-gb"));
    }

    private static BigDecimal money(ThawConfig cfg, String key) {
        String fallback = io.thaw.config.Catalog.defaultOf(key);
        String v = cfg.get(key, "0").trim();
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() < 0) {
                throw new NumberFormatException("negative");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + v + "' is not a price: write a plain decimal such as "
                    + fallback + " (in " + cfg.get("thaw.rates.currency") + ")");
        }
    }

    public Rate rate(String tier) {
        Rate r = tiers.get(tier);
        if (r == null) {
            throw new IllegalArgumentException("unknown tier '" + tier + "': use one of " + String.join(", ", TIERS));
        }
        return r;
    }

    static String canonicalTier(String tier) {
        for (String t : TIERS) {
            if (t.equalsIgnoreCase(tier)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + tier + "': use one of " + String.join(", ", TIERS));
    }

    static String lower(String tier) {
        return tier.toLowerCase(Locale.ROOT);
    }
}
