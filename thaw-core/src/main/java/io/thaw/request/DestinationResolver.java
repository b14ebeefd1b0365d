package io.thaw.request;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a request's {@code destination} into the URI output goes to: a configured name becomes its URI;
 * a URI must carry no credentials and lie under an allowed root. This is the gate that keeps a request
 * file from writing anywhere the operator did not allow.
 */
final class DestinationResolver {

    /** Option names that hold secrets in Camel-style destination URIs (compared lower case). */
    private static final List<String> SECRET_OPTIONS = List.of("password", "passphrase", "secretkey", "accesskey",
            "secretaccesskey", "sessiontoken", "privatekey", "privatekeyfile", "privatekeypassphrase", "privatekeyuri");
    private static final Pattern USER_PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*):([^/?#@]*)@");
    private static final String CREDENTIALS_FIX = "credentials are never taken from request files; configure them in"
            + " config/application.properties (thaw.destinations.<name>.*) or the environment";

    private DestinationResolver() {
    }

    static String resolve(String requested, RequestPolicy policy) throws RequestRejectedException {
        if (requested == null) {
            return policy.defaultDestination();
        }
        rejectCredentials(requested);
        if (requested.indexOf(':') < 0) {
            String uri = policy.namedDestinations().get(requested);
            if (uri == null) {
                throw new RequestRejectedException("destination \"" + GlacierNames.printable(requested) + "\" is neither a"
                        + " configured destination name" + configuredNames(policy) + " nor a URI — use a configured"
                        + " name or a URI such as file:/data/restored, s3://bucket/prefix/ or sftp://host/folder");
            }
            return uri;
        }
        boolean configured = policy.defaultDestination().equals(requested)
                || policy.namedDestinations().containsValue(requested);
        if (configured) {
            return requested;
        }
        if (!DestinationUri.stripOptions(requested).equals(requested)) {
            throw new RequestRejectedException("destination \"" + GlacierNames.printable(requested) + "\" carries options"
                    + " (?… or #…): destination options are not taken from request files — configure them in"
                    + " config/application.properties (thaw.destinations.<name>.*) and name that destination instead");
        }
        DestinationUri uri;
        try {
            uri = DestinationUri.parse(requested, policy.workingDir());
        } catch (IllegalArgumentException e) {
            throw new RequestRejectedException("destination \"" + GlacierNames.printable(requested) + "\" is not usable: "
                    + e.getMessage());
        }
        for (DestinationUri root : policy.roots()) {
            if (root.contains(uri)) {
                return canonical(requested, uri);
            }
        }
        String resolved = uri.describeFile();
        throw new RequestRejectedException("destination \"" + GlacierNames.printable(requested) + "\""
                + (resolved != null ? " (resolves to " + resolved + ")" : "") + " is outside the allowed roots: a request"
                + " may only deliver under " + String.join(", ", policy.rootsAsWritten()) + " — choose a destination"
                + " under one of them, or add its root to thaw.allowed-roots in config/application.properties");
    }

    /** file: URIs are returned with ".." folded away (what was checked is what is used); others as written. */
    private static String canonical(String requested, DestinationUri uri) {
        if (uri.filePath() == null) {
            return requested;
        }
        String rest = requested.substring(requested.indexOf(':') + 1);
        boolean absolute = rest.startsWith("/");
        String path = absolute ? uri.filePath().toString() : Path.of(rest).normalize().toString();
        return "file:" + path.replace('\\', '/');
    }

    private static void rejectCredentials(String requested) throws RequestRejectedException {
        Matcher userInfo = USER_PASSWORD.matcher(requested);
        if (userInfo.find()) {
            throw new RequestRejectedException("destination \"" + maskCredentials(requested) + "\" contains a user name"
                    + " and password (user:password@): " + CREDENTIALS_FIX);
        }
        int q = requested.indexOf('?');
        if (q < 0) {
            return;
        }
        for (String option : requested.substring(q + 1).split("[&#]")) {
            String name = option.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (SECRET_OPTIONS.contains(name)) {
                throw new RequestRejectedException("destination \"" + maskCredentials(requested) + "\" contains the"
                        + " option " + option.split("=", 2)[0] + "=: " + CREDENTIALS_FIX);
            }
        }
    }

    /** The URI with every secret replaced by ***, so messages and logs never carry one. */
    static String maskCredentials(String uri) {
        String masked = USER_PASSWORD.matcher(uri).replaceFirst("$1$2:***@");
        int q = masked.indexOf('?');
        if (q < 0) {
            return masked;
        }
        StringBuilder sb = new StringBuilder(masked.substring(0, q + 1));
        String[] options = masked.substring(q + 1).split("&", -1);
        for (int i = 0; i < options.length; i++) {
            String[] kv = options[i].split("=", 2);
            sb.append(i > 0 ? "&" : "").append(kv[0]);
            if (kv.length == 2) {
                sb.append('=').append(SECRET_OPTIONS.contains(kv[0].toLowerCase(Locale.ROOT)) ? "***" : kv[1]);
            }
        }
        return sb.toString();
    }

    private static String configuredNames(RequestPolicy policy) {
        return policy.namedDestinations().isEmpty() ? " (none are configured)"
                : " (configured: " + String.join(", ", policy.namedDestinations().keySet().stream().sorted().toList()) + ")";
    }
}
