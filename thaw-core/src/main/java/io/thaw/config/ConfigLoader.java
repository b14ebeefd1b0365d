package io.thaw.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Merges thaw's configuration sources, later wins: built-in defaults ({@link Catalog}) → the optional
 * config/application.properties of thaw.home → each --config FILE → environment variables
 * (THAW_X_Y for any known key thaw.x.y) → -D system properties. Every thaw.* key must be known and
 * every value valid for its type, else a one-line {@link ConfigException}. Relative paths are anchored
 * at thaw.home when it is set.
 */
public final class ConfigLoader {

    /** A value and where it came from ("default", "--config my.properties", "environment THAW_INBOX" …). */
    public record Value(String value, String source) {
    }

    public static final String HOME_FILE = "config/application.properties";
    private static final Pattern H2_FILE = Pattern.compile("(?i)(jdbc:h2:file:)(.*)");

    private ConfigLoader() {
    }

    /** The effective settings, sorted by key. */
    public static Map<String, Value> load(List<Path> files, Map<String, String> env, Properties system) {
        Map<String, Value> out = new TreeMap<>();
        for (Setting s : Catalog.all()) {
            if (!s.isFamily()) {
                out.put(s.key(), new Value(s.defaultValue(), "default"));
            }
        }
        String home = system.getProperty("thaw.home", env.getOrDefault("THAW_HOME", "")).trim();
        Path homeFile = home.isEmpty() ? Path.of(HOME_FILE) : Path.of(home).resolve(HOME_FILE);
        if (Files.isRegularFile(homeFile)) {
            layer(out, read(homeFile, homeFile.toString()), homeFile.toString());
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ConfigException("--config " + f + ": no such file — give the path of a .properties file");
            }
            layer(out, read(f, "--config " + f), "--config " + f);
        }
        for (Setting s : Catalog.all()) {
            if (!s.isFamily()) {
                String name = Setting.envName(s.key());
                if (env.containsKey(name)) {
                    put(out, s.key(), env.get(name), "environment " + name);
                }
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = destinationKey(e.getKey());
            if (key != null) {
                put(out, key, e.getValue(), "environment " + e.getKey());
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("thaw.") || key.startsWith("camel.")) {
                put(out, key, system.getProperty(key), "-D" + key);
            }
        }
        anchor(out);
        return out;
    }

    private static Properties read(Path file, String source) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(source + ": cannot be read (" + e.getMessage() + ") — check the file and its permissions");
        }
        return p;
    }

    private static void layer(Map<String, Value> out, Properties p, String source) {
        for (String key : new TreeMap<>(p).keySet().stream().map(String::valueOf).toList()) {
            put(out, key, p.getProperty(key), source);
        }
    }

    /** Checks a key and its value, then records it. camel.* keys that thaw does not declare pass through. */
    private static void put(Map<String, Value> out, String key, String raw, String source) {
        if (key.equals("camel.main.routes-include-pattern")) {
            // Camel would load routes a second time beside RouteSet (duplicate route ids).
            throw new ConfigException("camel.main.routes-include-pattern (from " + source + ") is not used: the routes"
                    + " are inside the jar — remove the line, and put your own routes into routes/ of thaw.home (thaw.routes)");
        }
        Setting s = Catalog.find(key).orElse(null);
        if (s == null) {
            if (key.startsWith("thaw.")) {
                throw new ConfigException("unknown setting " + key + " (from " + source + ") — did you mean "
                        + Catalog.closest(key) + "? (thaw config --docs lists every setting)");
            }
            out.put(key, new Value(raw == null ? "" : raw.trim(), source));
            return;
        }
        String value;
        try {
            value = s.type().check(raw);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(key, raw, source, e.getMessage());
        }
        out.put(key, new Value(value, source));
    }

    /**
     * THAW_DESTINATIONS_BACKUP → thaw.destinations.backup, THAW_DESTINATIONS_BACKUP_KNOWN_HOSTS_FILE →
     * thaw.destinations.backup.known-hosts-file (names are lower case). Null for other variables.
     */
    static String destinationKey(String envName) {
        String prefix = "THAW_DESTINATIONS_";
        if (!envName.startsWith(prefix) || envName.length() == prefix.length()) {
            return null;
        }
        String rest = envName.substring(prefix.length());
        for (Setting s : Catalog.all()) {
            if (s.key().startsWith("thaw.destinations.<name>.")) {
                String option = s.key().substring("thaw.destinations.<name>.".length());
                String suffix = "_" + Setting.envName(option);
                if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                    return "thaw.destinations." + rest.substring(0, rest.length() - suffix.length())
                            .toLowerCase(java.util.Locale.ROOT) + "." + option;
                }
            }
        }
        return "thaw.destinations." + rest.toLowerCase(java.util.Locale.ROOT);
    }

    /** Relative paths of path-like settings resolve against thaw.home, when it is set. */
    private static void anchor(Map<String, Value> out) {
        String home = out.get("thaw.home").value();
        if (home.isEmpty()) {
            return;
        }
        Path base = Path.of(home).toAbsolutePath().normalize();
        for (Map.Entry<String, Value> e : out.entrySet()) {
            Setting s = Catalog.find(e.getKey()).orElse(null);
            String v = e.getValue().value();
            if (s == null || v.isEmpty() || s.key().equals("thaw.home")) {
                continue;
            }
            String anchored = switch (s.type()) {
                case PATH -> base.resolve(v).normalize().toString();
                case DESTINATION, DESTINATION_OR_NAME -> anchorUri(base, v);
                case DESTINATIONS -> String.join(",", java.util.Arrays.stream(v.split(","))
                        .map(u -> anchorUri(base, u)).toList());
                default -> e.getKey().equals("thaw.store.url") ? anchorH2(base, v) : v;
            };
            e.setValue(new Value(anchored, e.getValue().source()));
        }
    }

    private static String anchorUri(Path base, String v) {
        if (!v.regionMatches(true, 0, "file:", 0, 5) || v.regionMatches(true, 0, "file://", 0, 7)) {
            return v;
        }
        String path = v.substring(5);
        return Path.of(path).isAbsolute() ? v : "file:" + base.resolve(path).normalize();
    }

    private static String anchorH2(Path base, String url) {
        var m = H2_FILE.matcher(url);
        if (!m.matches()) {
            return url;
        }
        String rest = m.group(2);
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        if (path.startsWith("~") || Path.of(path).isAbsolute()) {
            return url;
        }
        return m.group(1) + base.resolve(path).normalize() + (semi < 0 ? "" : rest.substring(semi));
    }
}
