package io.thaw.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a setting's value must look like. {@link #check} answers the value as thaw uses it (a plain
 * folder path becomes {@code file:} of that path) or throws with what to write instead; the message
 * is completed with key, value and source by {@link ConfigException#invalid}.
 */
public enum Type {
    STRING("text"),
    INT("whole number"),
    LONG("whole number"),
    DECIMAL("decimal number"),
    BOOLEAN("true or false"),
    /** ISO-8601 (PT10M) or 300ms / 10s / 5m / 2h. */
    DURATION("duration"),
    /** bytes or a unit: 500GiB, 10TiB, 2TB. */
    SIZE("size"),
    /** http(s) URL of a service endpoint or queue. */
    URL("URL"),
    /** A folder path (absolute or relative) or a destination URI (file:, s3://, ftp://, ftps://, sftp://). */
    DESTINATION("folder or destination URI"),
    /** Comma-separated DESTINATIONs. */
    DESTINATIONS("comma-separated folders or destination URIs"),
    /** A destination name, a folder path or a destination URI. */
    DESTINATION_OR_NAME("destination name, folder or URI"),
    PATH("path"),
    LIST("comma-separated list"),
    /** Expedited, Standard or Bulk. */
    TIER("Expedited, Standard or Bulk");

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]?i?B?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");

    private final String label;

    Type(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The value as thaw uses it; empty stays empty (unset). */
    public String check(String raw) {
        String v = raw == null ? "" : raw.trim();
        if (v.isEmpty()) {
            return v;
        }
        switch (this) {
            case INT -> {
                try {
                    nonNegative(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not a whole number — write e.g. 8");
                }
            }
            case LONG -> {
                try {
                    nonNegative(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not a whole number — write e.g. 5497558138880");
                }
            }
            case DECIMAL -> {
                try {
                    nonNegative(new BigDecimal(v).signum());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not a decimal number — write e.g. 0.05");
                }
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("is not a boolean — write true or false");
                }
            }
            case DURATION -> duration(v);
            case SIZE -> bytes(v);
            case URL -> {
                try {
                    URI u = new URI(v);
                    if (u.getScheme() == null || u.getHost() == null) {
                        throw new IllegalArgumentException();
                    }
                } catch (Exception e) {
                    throw new IllegalArgumentException("is not a URL — write e.g. https://sqs.us-east-1.amazonaws.com/123456789012/thaw");
                }
            }
            case DESTINATION -> {
                return destination(v);
            }
            case DESTINATIONS -> {
                return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Type::destination)
                        .collect(Collectors.joining(","));
            }
            case DESTINATION_OR_NAME -> {
                return v.contains("/") || v.contains("\\") ? destination(v) : v;
            }
            case TIER -> {
                for (String t : new String[] {"Expedited", "Standard", "Bulk"}) {
                    if (t.equalsIgnoreCase(v)) {
                        return t;
                    }
                }
                throw new IllegalArgumentException("is not a Glacier tier — write Expedited, Standard or Bulk");
            }
            default -> {
            }
        }
        return v;
    }

    private static void nonNegative(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("is negative — write 0 or more");
        }
    }

    /**
     * A folder path means {@code file:} of that path; a URI stays as written. A Windows drive letter
     * (C:\data) is a path, not a scheme.
     */
    public static String destination(String v) {
        String t = v.trim();
        if (SCHEME.matcher(t).matches() && !t.matches("[A-Za-z]:[\\\\/].*")) {
            return t;
        }
        return "file:" + t;
    }

    /** ISO-8601 (PT10M, P1D) or 300ms / 10s / 5m / 2h / 1d. */
    public static Duration duration(String v) {
        String t = v.trim();
        try {
            if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } else {
                Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    return switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException("is not a duration — write e.g. PT10M, 30s, 5m or 2h");
    }

    /** 0, 123456, 500GiB, 10TiB, 2TB (decimal), 1.5TiB. */
    public static long bytes(String v) {
        Matcher m = SIZE_PATTERN.matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size — write bytes or a unit, e.g. 500GiB, 10TiB, 2TB");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        boolean binary = unit.contains("I");
        int power = unit.isEmpty() || unit.equals("B") ? 0 : "KMGTP".indexOf(unit.charAt(0)) + 1;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(binary ? 1024 : 1000, power));
    }
}
