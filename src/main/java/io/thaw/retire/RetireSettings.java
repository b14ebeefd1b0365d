package io.thaw.retire;

import io.thaw.ThawConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of {@code thaw retire}: delete pace (thaw.retire.deletes-per-second) and the storage rate the
 * dry run prices savings and early-deletion charges with (thaw.rates.storage.per-gb-month).
 */
public record RetireSettings(double deletesPerSecond, BigDecimal storagePerGbMonth, String currency) {

    /** Glacier charges archives deleted before this age as if stored this long. */
    public static final Duration MINIMUM_STORAGE = Duration.ofDays(90);

    public static RetireSettings from(ThawConfig cfg) {
        String pace = cfg.get("thaw.retire.deletes-per-second", "5").trim();
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
        String rate = cfg.get("thaw.rates.storage.per-gb-month", "0.004").trim();
        BigDecimal r;
        try {
            r = new BigDecimal(rate);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("thaw.rates.storage.per-gb-month='" + rate + "' is not a price: write a"
                    + " plain decimal such as 0.004");
        }
        return new RetireSettings(dps, r, cfg.get("thaw.rates.currency", "USD"));
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)(s|m|h|d)");

    /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 0s} or ISO-8601 ({@code P7D}, {@code PT12H}). */
    public static Duration parseAge(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
        } catch (RuntimeException e) {
            // falls through to the message below
        }
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--min-age " + text + " is not a duration — write e.g. 7d, 36h, 30m or P7D");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
