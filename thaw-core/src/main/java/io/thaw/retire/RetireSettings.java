package io.thaw.retire;

import io.thaw.ThawConfig;
import io.thaw.config.Type;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Settings of {@code thaw retire}: delete pace (thaw.retire.deletes-per-second) and the storage rate the
 * dry run prices savings and early-deletion charges with (thaw.rates.storage.per-gb-month).
 */
public record RetireSettings(double deletesPerSecond, BigDecimal storagePerGbMonth, String currency) {

    /** Glacier charges archives deleted before this age as if stored this long. */
    public static final Duration MINIMUM_STORAGE = Duration.ofDays(90);

    public static RetireSettings from(ThawConfig cfg) {
        String pace = cfg.get("thaw.retire.deletes-per-second").trim();
        double dps;
        try {
            dps = Double.parseDouble(pace);
        } catch (NumberFormatException e) {
            dps = -1;
        }
        if (!(dps > 0)) {
            throw new IllegalArgumentException("thaw.retire.deletes-per-second=" + pace + " is not a positive number"
                    + " — write e.g. 5 or 0.5");
        }
        String rate = cfg.get("thaw.rates.storage.per-gb-month").trim();
        BigDecimal r;
        try {
            r = new BigDecimal(rate);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("thaw.rates.storage.per-gb-month='" + rate + "' is not a price: write a"
                    + " plain decimal such as 0.004");
        }
        return new RetireSettings(dps, r, cfg.get("thaw.rates.currency"));
    }

    /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 0s} or ISO-8601 ({@code P7D}): the settings model's one parser. */
    public static Duration parseAge(String text) {
        try {
            return Type.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--min-age " + text + " " + e.getMessage() + " (7d and 36h work too)");
        }
    }
}
