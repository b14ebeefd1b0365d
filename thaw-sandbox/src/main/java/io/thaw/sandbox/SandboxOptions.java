package io.thaw.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link Sandbox} runs. Immutable; derive variants with the {@code with…} methods.
 *
 * @param port         edge port, 0 for a random free port
 * @param dataDir      where archive bytes and job outputs live; null = a temp dir deleted on close
 * @param jobDelays    completion delay per tier (Expedited, Standard, Bulk)
 * @param faults       injected faults
 * @param outputExpiry how long a completed job's output stays downloadable
 * @param host         name clients use to reach the sandbox (in its endpoint and queue URLs); anything but
 *                     127.0.0.1/localhost makes it listen on every interface (e.g. "sandbox" in Docker Compose)
 */
public record SandboxOptions(int port, Path dataDir, Map<String, Duration> jobDelays, Faults faults,
                             Duration outputExpiry, String region, String accountId, String host) {

    public static final String DEFAULT_JOB_DELAYS = "Expedited=1s,Standard=3s,Bulk=5s";
    /** The delays AWS documents (upper ends of Expedited 1–5 min, Standard 3–5 h, Bulk 5–12 h are not used). */
    public static final String REAL_JOB_DELAYS = "Expedited=3m,Standard=4h,Bulk=8h";

    public SandboxOptions {
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id must be 12 digits, got '" + accountId + "'");
        }
        jobDelays = Map.copyOf(jobDelays);
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(0, null, parseJobDelays(DEFAULT_JOB_DELAYS), Faults.NONE, Duration.ofHours(24),
                "us-east-1", "123456789012", "127.0.0.1");
    }

    public SandboxOptions withPort(int p) {
        return new SandboxOptions(p, dataDir, jobDelays, faults, outputExpiry, region, accountId, host);
    }

    public SandboxOptions withDataDir(Path d) {
        return new SandboxOptions(port, d, jobDelays, faults, outputExpiry, region, accountId, host);
    }

    public SandboxOptions withJobDelays(Map<String, Duration> d) {
        return new SandboxOptions(port, dataDir, d, faults, outputExpiry, region, accountId, host);
    }

    public SandboxOptions withJobDelays(String spec) {
        return withJobDelays(parseJobDelays(spec));
    }

    public SandboxOptions withFaults(Faults f) {
        return new SandboxOptions(port, dataDir, jobDelays, f, outputExpiry, region, accountId, host);
    }

    public SandboxOptions withOutputExpiry(Duration e) {
        return new SandboxOptions(port, dataDir, jobDelays, faults, e, region, accountId, host);
    }

    public SandboxOptions withRegion(String r) {
        return new SandboxOptions(port, dataDir, jobDelays, faults, outputExpiry, r, accountId, host);
    }

    public SandboxOptions withAccountId(String a) {
        return new SandboxOptions(port, dataDir, jobDelays, faults, outputExpiry, region, a, host);
    }

    public SandboxOptions withHost(String h) {
        return new SandboxOptions(port, dataDir, jobDelays, faults, outputExpiry, region, accountId, h);
    }

    /** True when only this machine can reach the sandbox (the default). */
    public boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost");
    }

    /** The delay for a tier; unknown tiers never reach here (InitiateJob rejects them). */
    public Duration delayFor(String tier) {
        return jobDelays.getOrDefault(tier, Duration.ZERO);
    }

    /**
     * Parses {@code Expedited=1s,Standard=3s,Bulk=5s} (units ms, s, m, h; tiers not named keep their
     * default) or the keyword {@code real} (Expedited=3m, Standard=4h, Bulk=8h).
     */
    public static Map<String, Duration> parseJobDelays(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.equalsIgnoreCase("real")) {
            s = REAL_JOB_DELAYS;
        }
        Map<String, Duration> out = new LinkedHashMap<>();
        out.put("Expedited", Duration.ofSeconds(1));
        out.put("Standard", Duration.ofSeconds(3));
        out.put("Bulk", Duration.ofSeconds(5));
        if (s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",")) {
            String[] kv = part.trim().split("=", 2);
            String tier = kv.length == 2 ? canonicalTier(kv[0].trim()) : null;
            if (tier == null) {
                throw new IllegalArgumentException("bad --job-delay entry '" + part.trim()
                        + "': expected Tier=duration with Tier one of Expedited, Standard, Bulk, e.g. Standard=3s");
            }
            out.put(tier, parseDuration(kv[1].trim()));
        }
        return out;
    }

    /** Parses {@code 250ms}, {@code 3s}, {@code 5m}, {@code 4h}. */
    public static Duration parseDuration(String v) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + v + "': use a whole number with ms, s, m or h, e.g. 3s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String canonicalTier(String t) {
        for (String tier : new String[] {"Expedited", "Standard", "Bulk"}) {
            if (tier.equalsIgnoreCase(t)) {
                return tier;
            }
        }
        return null;
    }
}
