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

/**
 * thaw's settings: {@code config/application.properties} (or --config FILE), overridden key by key by
 * a JVM system property of the same name or an environment variable (THAW_AWS_REGION for
 * thaw.aws.region). Camel Main gets the merged result, so routes and beans see the same values.
 */
public final class ThawConfig {

    private final Properties props;

    private ThawConfig(Properties props) {
        this.props = props;
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
        return new ThawConfig(p);
    }

    /** thaw.notices.queue-url becomes THAW_NOTICES_QUEUE_URL. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Empty values count as unset. */
    public String get(String key) {
        String v = props.getProperty(key);
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

    public ThawConfig with(String key, String value) {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty(key, value);
        return new ThawConfig(p);
    }

    /** A copy of every setting, for handing to Camel Main as override properties. */
    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(props);
        return p;
    }
}
