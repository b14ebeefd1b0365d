package io.thaw.plan;

import io.thaw.ThawConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's limits for starting retrieval jobs ({@code thaw.pace.*}): jobs per second, bytes
 * started per rolling day (0 = no limit) and jobs in flight (started, not yet delivered or failed).
 */
public record Pace(double jobsPerSecond, long bytesPerDay, int maxInFlight, Duration tick) {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]?i?B?)?", Pattern.CASE_INSENSITIVE);

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
        String raw = cfg.get("thaw.pace.jobs-per-second", "2");
        try {
            jps = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            jps = -1;
        }
        if (!(jps > 0)) {
            throw new IllegalArgumentException("thaw.pace.jobs-per-second='" + raw + "' must be a positive number,"
                    + " e.g. 2 or 0.5");
        }
        int inFlight = cfg.getInt("thaw.pace.max-in-flight", 1000);
        if (inFlight < 1) {
            throw new IllegalArgumentException("thaw.pace.max-in-flight=" + inFlight + " must be at least 1");
        }
        return new Pace(jps, parseBytes("thaw.pace.bytes-per-day", cfg.get("thaw.pace.bytes-per-day", "0")), inFlight,
                Duration.ofMillis(Math.max(10, cfg.getInt("thaw.pace.tick-ms", 200))));
    }

    /** 0, 123456, 500GiB, 10TiB, 2TB (decimal), 1.5TiB. */
    static long parseBytes(String key, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return 0;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "='" + text + "' is not a size: use bytes or a unit, e.g. 500GiB,"
                    + " 10TiB, 2TB (0 = no limit)");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        boolean binary = unit.contains("I");
        int power = unit.isEmpty() || unit.equals("B") ? 0 : "KMGTP".indexOf(unit.charAt(0)) + 1;
        double base = binary ? 1024 : 1000;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
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
