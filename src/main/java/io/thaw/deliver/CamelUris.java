package io.thaw.deliver;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds camel-ftp endpoint URIs. Values go in RAW(...) so passwords and paths need no escaping. */
final class CamelUris {

    private CamelUris() {
    }

    /** {@code scheme://host:port/path}, the path as the user wrote it (already URI-encoded). */
    static String base(String scheme, URI target, int defaultPort) {
        int port = target.getPort() > 0 ? target.getPort() : defaultPort;
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + target.getHost() + ":" + port + (path.equals("/") ? "" : path);
    }

    /** The options every upload uses: temp name next to the final one, then rename; parent folders created. */
    static Map<String, String> uploadOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        // the name CamelUpload puts in this header: TemporaryName's rule, so a 255-byte final name fits too
        o.put("tempFileName", "${header." + CamelUpload.TEMPORARY_NAME + "}");
        o.put("fileExist", "Override");
        // keep an older file with the final name until the new one is complete, then replace it
        o.put("eagerDeleteTargetFile", "false");
        o.put("autoCreate", "true");
        // deliveries can be hours apart: a fresh connection each time beats a stale kept-alive one
        o.put("disconnect", "true");
        return o;
    }

    static String withOptions(String base, Map<String, String> options) {
        return base + "?" + options.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + raw(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String raw(String value) {
        return value.contains(")") ? "RAW{" + value + "}" : "RAW(" + value + ")";
    }
}
