package io.thaw.config;

/**
 * A configuration mistake, said in one line (key, value, where it came from, the fix). The commands
 * print the message alone — no stack trace — and exit with {@link #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {

    public static final int EXIT_CODE = 2;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    /** "thaw.retry.base='abc' (from --config my.properties) is not a duration — write e.g. PT10M…" */
    public static ConfigException invalid(String key, String value, String source, String problem) {
        return new ConfigException(key + "='" + value + "' (from " + source + ") " + problem);
    }

    /** The ConfigException in a cause chain (Camel wraps what beans throw), or null. */
    public static ConfigException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return ce;
            }
        }
        return null;
    }
}
