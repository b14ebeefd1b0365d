package io.thaw;

import io.thaw.config.Catalog;
import io.thaw.config.ConfigLoader;
import io.thaw.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * thaw's settings as the beans read them. Keys, types and defaults are declared once in
 * {@link Catalog}; {@link ConfigLoader} merges the sources (defaults → config/application.properties
 * of thaw.home → each --config FILE → environment → -D). A key no source sets answers its built-in
 * default. Camel Main gets the merged result, so routes and beans see the same values.
 */
public final class ThawConfig {

    private final UnaryOperator<String> lookup;
    private final Supplier<Set<String>> keys;
    private final Map<String, ConfigLoader.Value> values;

    private ThawConfig(UnaryOperator<String> lookup, Supplier<Set<String>> keys, Map<String, ConfigLoader.Value> values) {
        this.lookup = lookup;
        this.keys = keys;
        this.values = values;
    }

    /**
     * Settings read through another resolver, e.g. Camel's properties component inside the route set.
     * {@code keys} lists the keys that are defined (for families such as thaw.destinations.&lt;name&gt;).
     */
    public static ThawConfig of(UnaryOperator<String> lookup, Supplier<Set<String>> keys) {
        return new ThawConfig(lookup, keys, null);
    }

    /** Defaults, config/application.properties of thaw.home, the files in order, environment, -D. */
    public static ThawConfig fromFiles(List<Path> files) {
        return load(files, System.getenv(), System.getProperties());
    }

    /** One optional file (missing or null = none) on top of the other sources; kept for tests and tools. */
    public static ThawConfig load(Path file) {
        return fromFiles(file != null && Files.isRegularFile(file) ? List.of(file) : List.of());
    }

    public static ThawConfig load(List<Path> files, Map<String, String> env, Properties system) {
        Map<String, ConfigLoader.Value> v = ConfigLoader.load(files, env, system);
        return new ThawConfig(k -> v.containsKey(k) ? v.get(k).value() : null, v::keySet, v);
    }

    /** thaw.notices.queue-url becomes THAW_NOTICES_QUEUE_URL. */
    public static String envName(String key) {
        return Setting.envName(key);
    }

    /** Empty values count as unset; a key no source sets answers its built-in default. */
    public String get(String key) {
        String v = lookup.apply(key);
        if (v == null) {
            v = Catalog.defaultOf(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The value a source set (blank = unset), without falling back to the built-in default. */
    public String explicit(String key) {
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

    /** Where a key's value came from ("default", "--config FILE", "environment THAW_…", "-D…"), or null. */
    public String source(String key) {
        return values == null || !values.containsKey(key) ? null : values.get(key).source();
    }

    /** Every effective value with its source (loaded configurations only), sorted by key. */
    public Map<String, ConfigLoader.Value> values() {
        return values == null ? Map.of() : new TreeMap<>(values);
    }

    /** The merged values for Camel's properties component (routes resolve {{thaw.…}} from them). */
    public Properties asProperties() {
        Properties p = new Properties();
        for (String k : keys.get()) {
            String v = lookup.apply(k);
            p.setProperty(k, v == null ? "" : v);
        }
        return p;
    }

    /** This configuration with one key replaced (used by --local and the demo). */
    public ThawConfig with(String key, String value) {
        ThawConfig base = this;
        Map<String, ConfigLoader.Value> v = values == null ? null : new TreeMap<>(values);
        if (v != null) {
            v.put(key, new ConfigLoader.Value(value, "command"));
        }
        return new ThawConfig(k -> k.equals(key) ? value : base.lookup.apply(k), () -> {
            Set<String> all = new TreeSet<>(base.keys.get());
            all.add(key);
            return all;
        }, v);
    }

    /** How job output is downloaded: the thaw.download.* settings, named so in errors. */
    public io.thaw.glacier.DownloadSettings downloadSettings() {
        return new io.thaw.glacier.DownloadSettings(Integer.parseInt(get("thaw.download.chunk-mib"))
                * io.thaw.glacier.DownloadSettings.MIB, Integer.parseInt(get("thaw.download.parallel")),
                Integer.parseInt(get("thaw.download.max-attempts")),
                java.time.Duration.ofMillis(Integer.parseInt(get("thaw.download.backoff-ms"))),
                io.thaw.glacier.DownloadSettings.MAX_BACKOFF, Boolean.parseBoolean(get("thaw.download.direct-io")),
                DOWNLOAD_KEYS);
    }

    private static final io.thaw.glacier.DownloadSettings.Keys DOWNLOAD_KEYS = new io.thaw.glacier.DownloadSettings.Keys(
            "thaw.download.chunk-mib", "thaw.download.parallel", "thaw.download.max-attempts", "thaw.download.backoff-ms");
}
