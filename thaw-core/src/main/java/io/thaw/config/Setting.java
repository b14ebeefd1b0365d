package io.thaw.config;

import java.util.regex.Pattern;

/**
 * One configuration key, declared once: its type, default (empty = unset), unit, a one-line doc and
 * whether its value is a secret (masked by {@code thaw config}). A key holding {@code <name>} or
 * {@code <host>} declares a family: thaw.destinations.&lt;name&gt; matches thaw.destinations.backup.
 */
public record Setting(String group, String key, Type type, String defaultValue, String unit, String doc,
                      boolean secret) {

    public Setting {
        if (defaultValue == null) {
            defaultValue = "";
        }
        if (!defaultValue.isEmpty()) {
            type.check(defaultValue); // a default that is not a valid value is a programming error
        }
    }

    /** True for a family (thaw.destinations.&lt;name&gt;). */
    public boolean isFamily() {
        return key.contains("<");
    }

    /** A family's key as a regular expression: &lt;name&gt; is a word, &lt;host&gt; a host name or address. */
    Pattern pattern() {
        String quoted = Pattern.quote(key).replace("<name>", "\\E[A-Za-z0-9_-]+\\Q").replace("<host>", "\\E[A-Za-z0-9_.:\\[\\]-]+\\Q");
        return Pattern.compile(quoted);
    }

    public boolean matches(String candidate) {
        return isFamily() ? pattern().matcher(candidate).matches() : key.equals(candidate);
    }

    /** THAW_NOTICES_QUEUE_URL for thaw.notices.queue-url. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
