package io.thaw.plan;

import io.thaw.ThawConfig;
import io.thaw.config.Type;
import java.time.Duration;

/**
 * The operator's limits for starting retrieval jobs ({@code thaw.pace.*}): jobs per second, bytes
 * started per rolling day (0 = no limit) and jobs in flight (started, not yet delivered or failed).
 */
public record Pace(double jobsPerSecond, long bytesPerDay, int maxInFlight, Duration tick) {

    /**
     * Typical time Glacier takes to finish a job of each tier (the upper end of what AWS documents:
     * Expedited 1-5 min, Standard 3-5 h, Bulk 5-12 h), to estimate how long max-in-flight makes a run.
     */
    public static Duration typicalCompletion(String tier) {
        return switch (tier) {
            case "Expedited" -> Duration.ofMinutes(5);
            case "Bulk" -> Duration.ofHours(12);
            default -> Duration.ofHours(5);
        };
    }

    public static Pace from(ThawConfig cfg) {
        double jps;
        String raw = cfg.get("thaw.pace.jobs-per-second", "");
        try {
            jps = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            jps = -1;
        }
        if (!(jps > 0)) {
            throw new IllegalArgumentException("thaw.pace.jobs-per-second='" + raw + "' must be a positive number,"
                    + " e.g. 2 or 0.5");
        }
        int inFlight = Integer.parseInt(cfg.get("thaw.pace.max-in-flight"));
        if (inFlight < 1) {
            throw new IllegalArgumentException("thaw.pace.max-in-flight=" + inFlight + " must be at least 1");
        }
        return new Pace(jps, parseBytes("thaw.pace.bytes-per-day", cfg.get("thaw.pace.bytes-per-day")), inFlight,
                Duration.ofMillis(Math.max(10, Integer.parseInt(cfg.get("thaw.pace.tick-ms")))));
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

    /** Time this pace needs to start and see through {@code jobs} retrievals of {@code bytes} at a tier. */
    public Duration estimate(long jobs, long bytes, String tier) {
        double byRate = jobs / jobsPerSecond;
        double byBytes = bytesPerDay <= 0 ? 0 : (double) bytes / bytesPerDay * 86_400;
        long waves = (jobs + maxInFlight - 1) / maxInFlight;
        double byInFlight = (double) waves * typicalCompletion(tier).toSeconds();
        return Duration.ofSeconds((long) Math.ceil(Math.max(byRate, Math.max(byBytes, byInFlight))));
    }

    /** Which limit the estimate is bound by, for the plan's wording. */
    public String bindingLimit(long jobs, long bytes, String tier) {
        double byRate = jobs / jobsPerSecond;
        double byBytes = bytesPerDay <= 0 ? 0 : (double) bytes / bytesPerDay * 86_400;
        double byInFlight = (double) ((jobs + maxInFlight - 1) / maxInFlight) * typicalCompletion(tier).toSeconds();
        if (byBytes >= byRate && byBytes >= byInFlight) {
            return "bytes-per-day";
        }
        return byRate >= byInFlight ? "jobs-per-second" : "max-in-flight";
    }
}
