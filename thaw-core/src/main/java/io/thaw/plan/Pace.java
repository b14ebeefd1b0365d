package io.thaw.plan;

import io.thaw.ThawConfig;
import io.thaw.config.Catalog;
import io.thaw.config.Type;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How runs start retrieval jobs ({@code thaw.pace.*}). The pace adapts by itself: the start rate
 * begins at {@code startRate} and follows Glacier's throttling ({@link AdaptiveRate}); the bytes in
 * flight follow the 24 h output window ({@link WindowRule}). The operator's caps are hard upper
 * limits on top, each 0 (or null) meaning "no cap": jobs per second, bytes started per rolling day,
 * jobs in flight (started, not yet delivered or failed), and a budget in USD per run.
 *
 * @param downloadRate bytes per second thaw is assumed to download and deliver before it has measured
 *                     its own (and what {@code thaw plan} uses)
 * @param window       how long Glacier keeps a job's output (24 h)
 * @param margin       the part of the window kept free for retries and restarts
 */
public record Pace(double jobsPerSecond, long bytesPerDay, int maxInFlight, BigDecimal maxCost, Duration tick,
                   double startRate, long downloadRate, Duration window, Duration margin) {

    /** Caps only, the adaptive parts at the settings model's defaults (tests, callers that set caps). */
    public Pace(double jobsPerSecond, long bytesPerDay, int maxInFlight, Duration tick) {
        this(jobsPerSecond, bytesPerDay, maxInFlight, null, tick,
                Double.parseDouble(Catalog.defaultOf("thaw.pace.start-rate")),
                Type.bytes(Catalog.defaultOf("thaw.pace.download-rate")), Duration.ofHours(24),
                Duration.ofMinutes(Long.parseLong(Catalog.defaultOf("thaw.pace.window-margin-minutes"))));
    }

    public Pace withMaxCost(BigDecimal cost) {
        return new Pace(jobsPerSecond, bytesPerDay, maxInFlight, cost, tick, startRate, downloadRate, window, margin);
    }

    public Pace withDownloadRate(long bytesPerSecond) {
        return new Pace(jobsPerSecond, bytesPerDay, maxInFlight, maxCost, tick, startRate, bytesPerSecond, window,
                margin);
    }

    /**
     * Typical time Glacier takes to finish a job of each tier (the upper end of what AWS documents:
     * Expedited 1-5 min, Standard 3-5 h, Bulk 5-12 h).
     */
    public static Duration typicalCompletion(String tier) {
        return switch (tier) {
            case "Expedited" -> Duration.ofMinutes(5);
            case "Bulk" -> Duration.ofHours(12);
            default -> Duration.ofHours(5);
        };
    }

    public static Pace from(ThawConfig cfg) {
        double jps = number(cfg, "thaw.pace.jobs-per-second", "0 (adaptive, no cap) or a cap such as 50 or 0.5");
        double start = number(cfg, "thaw.pace.start-rate", "a positive number of jobs per second, e.g. 50");
        if (!(start > 0)) {
            throw new IllegalArgumentException("thaw.pace.start-rate=" + start + " must be positive, e.g. 50");
        }
        int inFlight = Integer.parseInt(cfg.get("thaw.pace.max-in-flight"));
        if (inFlight < 0) {
            throw new IllegalArgumentException("thaw.pace.max-in-flight=" + inFlight + " must be 0 (no cap) or more");
        }
        String cost = cfg.get("thaw.pace.max-cost").trim();
        BigDecimal maxCost;
        try {
            maxCost = new BigDecimal(cost.isEmpty() ? "0" : cost);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("thaw.pace.max-cost='" + cost + "' is not an amount: write a plain"
                    + " decimal in USD such as 250.00 (0 = no budget)");
        }
        if (maxCost.signum() < 0) {
            throw new IllegalArgumentException("thaw.pace.max-cost=" + cost + " must be 0 (no budget) or more");
        }
        long rate = downloadRate("thaw.pace.download-rate", cfg.get("thaw.pace.download-rate"));
        Duration margin = Duration.ofMinutes(Integer.parseInt(cfg.get("thaw.pace.window-margin-minutes")));
        if (margin.isNegative() || margin.compareTo(Duration.ofHours(20)) > 0) {
            throw new IllegalArgumentException("thaw.pace.window-margin-minutes must be 0 to 1200 (of Glacier's 24 h"
                    + " output window), e.g. 240");
        }
        return new Pace(jps, parseBytes("thaw.pace.bytes-per-day", cfg.get("thaw.pace.bytes-per-day")), inFlight,
                maxCost.signum() == 0 ? null : maxCost, Duration.ofMillis(Math.max(10, Integer.parseInt(cfg.get("thaw.pace.tick-ms")))),
                start, rate, Duration.ofHours(24), margin);
    }

    private static double number(ThawConfig cfg, String key, String hint) {
        String raw = cfg.get(key);
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + "='" + raw + "' must be " + hint);
        }
        return v;
    }

    /** A download rate in bytes per second: more than 0. */
    public static long downloadRate(String key, String text) {
        long rate = parseBytes(key, text);
        if (rate <= 0) {
            throw new IllegalArgumentException(key + " must be more than 0 bytes per second, e.g. 50MiB");
        }
        return rate;
    }

    /** 0, 123456, 500GiB, 10TiB, 2TB (decimal), 1.5TiB — the one size syntax, io.thaw.config.Type#bytes. */
    static long parseBytes(String key, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            return Type.bytes(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "='" + text + "' is not a size: use bytes or a unit, e.g. 500GiB,"
                    + " 10TiB, 2TB (0 = no limit)");
        }
    }

    /** Bytes that may be in flight at a download rate: what can be fetched inside the window less its margin. */
    public long windowBytes(double bytesPerSecond) {
        return (long) Math.min(Long.MAX_VALUE / 2.0, bytesPerSecond * window.minus(margin).toSeconds());
    }

    /** The effective budget of a run: the smaller of the run's own and the configured one (null = none). */
    public BigDecimal budget(BigDecimal runMaxCost) {
        if (runMaxCost == null || runMaxCost.signum() <= 0) {
            return maxCost;
        }
        return maxCost == null ? runMaxCost : runMaxCost.min(maxCost);
    }
}
