package io.thaw;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * thaw's settings: {@code config/application.properties} (or --config FILE), overridden key by key by
 * a JVM system property of the same name or an environment variable (THAW_AWS_REGION for
 * thaw.aws.region). Camel Main gets the merged result, so routes and beans see the same values.
 */
public final class ThawConfig {

    private final UnaryOperator<String> lookup;
    private final Supplier<Set<String>> keys;

    private ThawConfig(UnaryOperator<String> lookup, Supplier<Set<String>> keys) {
        this.lookup = lookup;
        this.keys = keys;
    }

    /**
     * Settings read through another resolver, e.g. Camel's properties component inside the route set.
     * {@code keys} lists the keys that are defined (for families such as thaw.destinations.&lt;name&gt;).
     */
    public static ThawConfig of(UnaryOperator<String> lookup, Supplier<Set<String>> keys) {
        return new ThawConfig(lookup, keys);
    }

    /** Loads a file (missing file = defaults only) and applies system-property and environment overrides. */
    public static ThawConfig load(Path file) {
        return load(file, System.getenv(), System.getProperties());
    }

    static ThawConfig load(Path file, Map<String, String> env, Properties system) {
        Properties p = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
            }
        }
        for (String key : p.stringPropertyNames().toArray(String[]::new)) {
            String envValue = env.get(envName(key));
            if (envValue != null) {
                p.setProperty(key, envValue);
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("thaw.") || key.startsWith("camel.")) {
                p.setProperty(key, system.getProperty(key));
            }
        }
        return new ThawConfig(p::getProperty, p::stringPropertyNames);
    }

    /** thaw.notices.queue-url becomes THAW_NOTICES_QUEUE_URL. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Empty values count as unset. */
    public String get(String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public int getInt(String key, int fallback) {
        String v = get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    public List<String> getList(String key) {
        String v = get(key);
        return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Defined keys that start with the prefix, sorted. */
    public Set<String> keys(String prefix) {
        Set<String> out = new TreeSet<>();
        for (String k : keys.get()) {
            if (k.startsWith(prefix)) {
                out.add(k);
            }
        }
        return out;
    }

    /** This configuration with one key replaced (used by --local and the demo). */
    public ThawConfig with(String key, String value) {
        ThawConfig base = this;
        return new ThawConfig(k -> k.equals(key) ? value : base.lookup.apply(k), () -> {
            Set<String> all = new TreeSet<>(base.keys.get());
            all.add(key);
            return all;
        });
    }
}
