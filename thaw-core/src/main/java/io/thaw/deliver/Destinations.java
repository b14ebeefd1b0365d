package io.thaw.deliver;

import io.thaw.ThawConfig;
import io.thaw.config.Catalog;
import io.thaw.config.Type;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a destination as a request or the configuration names it into a {@link Destination}.
 *
 * <p>A bare name ({@code backup}) is looked up as {@code thaw.destinations.backup=URI} and its settings
 * as {@code thaw.destinations.backup.<setting>}. A URI given directly takes its settings from
 * {@code thaw.credentials.<host>.<setting>} (for S3 the host is the bucket). Settings are looked up in
 * the configuration, then in the environment ({@code THAW_DESTINATIONS_BACKUP_PASSWORD}), so secrets
 * never have to be in a file. Passwords inside a URI are refused: URIs come from request files.
 * A URI equal to a named destination's URI (a request that named {@code backup} is stored with its
 * URI) takes that name's settings.
 */
public final class Destinations implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** Lowers the S3 object size limit (an S3-compatible server's own limit, or tests). */
    public static final String MAX_S3_OBJECT_KEY = "thaw.s3.max-object-bytes";

    private final ThawConfig config;
    private final CamelContext camel;
    private final Map<String, String> env;
    private final Function<S3Clients.Options, S3Client> s3Factory;
    private final Map<S3Clients.Options, S3Client> s3Clients = new ConcurrentHashMap<>();
    private final long maxS3ObjectBytes;
    private final Map<String, Destination> resolved = new ConcurrentHashMap<>();

    /** S3 clients from {@link S3Clients} (default AWS credentials chain). */
    public Destinations(ThawConfig config, CamelContext camel) {
        this(config, camel, System.getenv(), options -> S3Clients.create(config, options));
    }

    /**
     * @param s3Factory makes an S3 client for a destination's endpoint, region, addressing and profile;
     *                  the clients it returns are closed by {@link #close()}
     */
    public Destinations(ThawConfig config, CamelContext camel, Map<String, String> env,
                        Function<S3Clients.Options, S3Client> s3Factory) {
        this.config = config;
        this.camel = camel;
        this.env = env;
        this.s3Factory = s3Factory;
        this.maxS3ObjectBytes = maxS3ObjectBytes(config);
    }

    /** thaw.s3.max-object-bytes: S3's own limit (5 TiB) unless an S3-compatible server has a lower one. */
    static long maxS3ObjectBytes(ThawConfig config) {
        String v = config.get(MAX_S3_OBJECT_KEY);
        return v == null ? S3Destination.MAX_OBJECT_SIZE : S3Destination.parseMaxObjectSize(MAX_S3_OBJECT_KEY, v);
    }

    /** The largest object thaw will deliver to S3 (thaw.s3.max-object-bytes, default 5 TiB). */
    public long maxS3ObjectBytes() {
        return maxS3ObjectBytes;
    }

    /** A configured name ({@code backup}) or a URI ({@code sftp://host/dir}). Same input, same instance. */
    public Destination resolve(String nameOrUri) {
        return resolved.computeIfAbsent(nameOrUri.trim(), this::create);
    }

    /**
     * The folder where output for {@code nameOrUri} is best downloaded so that delivering it writes no
     * byte twice (a folder destination's own staging folder), or null for thaw.staging. A destination
     * that cannot be resolved gets null: delivery reports it with its own message.
     */
    public Path stagingFolder(String nameOrUri) {
        if (nameOrUri == null || nameOrUri.isBlank()) {
            return null;
        }
        try {
            return resolve(nameOrUri) instanceof FileDestination f ? f.stagingFolder() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when {@code nameOrUri} would be delivered to S3 (the caller then checks the size first). */
    public boolean isS3(String nameOrUri) {
        return uriOf(nameOrUri.trim()).toLowerCase(Locale.ROOT).startsWith("s3://");
    }

    /**
     * Throws when an archive of {@code size} bytes can never be delivered to {@code nameOrUri} (over
     * 5 TiB to S3). Call it before starting a Glacier retrieval, which costs money.
     */
    public void checkDeliverable(String nameOrUri, long size) {
        String refusal = refusal(nameOrUri, size);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
    }

    /**
     * Why output of {@code size} bytes can never be delivered to {@code nameOrUri}, or null when it can.
     * For callers that record the reason (a job marked FAILED, a request file's error note) rather than throw.
     */
    public String refusal(String nameOrUri, long size) {
        if (isS3(nameOrUri) && size > maxS3ObjectBytes) {
            return S3Destination.tooLarge(size, maxS3ObjectBytes, uriOf(nameOrUri.trim()));
        }
        return null;
    }

    private Destination create(String nameOrUri) {
        boolean named = NAME.matcher(nameOrUri).matches();
        String uri = uriOf(nameOrUri);
        String name = named ? nameOrUri : nameOf(uri);
        Settings s = name != null ? new Settings("thaw.destinations." + name + ".") : null;
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            // moves: output is downloaded into the root's staging folder, so delivery is a rename (issue 14)
            return new FileDestination(fileRoot(uri), true);
        }
        URI target = parse(uri);
        if (target.getRawUserInfo() != null && target.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException("destination " + withoutUserInfo(target) + " carries a password in its URI"
                    + " — remove it and set thaw.credentials." + target.getHost() + ".password (or a named destination's"
                    + " .password, or the matching THAW_… environment variable) instead");
        }
        String host = target.getHost() != null ? target.getHost() : target.getAuthority();
        if (s == null) {
            s = new Settings("thaw.credentials." + host + ".");
        }
        switch (target.getScheme().toLowerCase(Locale.ROOT)) {
            case "s3":
                return s3(target, s);
            case "ftp":
            case "ftps":
                return new FtpDestination(withoutUserInfo(target), remote(target, s), s.prefix);
            case "sftp":
                RemoteSettings login = remote(target, s);
                if (login.username() == null) {
                    throw new IllegalArgumentException("no user name for " + withoutUserInfo(target) + " — set "
                            + s.prefix + "username (or the environment variable " + ThawConfig.envName(s.prefix + "username") + ")");
                }
                return new SftpDestination(withoutUserInfo(target), login, s.prefix);
            default:
                throw unsupported(uri);
        }
    }

    /** The configured name whose URI is exactly {@code uri}, or null. */
    private String nameOf(String uri) {
        for (String key : config.keys("thaw.destinations.")) {
            String name = key.substring("thaw.destinations.".length());
            if (NAME.matcher(name).matches() && uri.equals(config.get(key))) {
                return name;
            }
        }
        return null;
    }

    private String uriOf(String nameOrUri) {
        if (!NAME.matcher(nameOrUri).matches()) {
            return nameOrUri;
        }
        String key = "thaw.destinations." + nameOrUri;
        String uri = config.get(key, env.get(ThawConfig.envName(key)));
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("destination '" + nameOrUri + "' is not configured — add thaw.destinations."
                    + nameOrUri + "=URI (file:, s3://, ftp://, ftps:// or sftp://) to the configuration");
        }
        return Type.destination(uri); // a plain folder path means file: of that path
    }

    private Destination s3(URI target, Settings s) {
        String bucket = target.getAuthority();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 destination " + target + " names no bucket — write s3://bucket/prefix/");
        }
        String prefix = target.getPath() == null ? "" : target.getPath().replaceFirst("^/+", "");
        String endpoint = s.get("endpoint");
        boolean pathStyle = s.bool("path-style", endpoint != null || S3Clients.defaultPathStyle(config));
        S3Client client = s3Clients.computeIfAbsent(new S3Clients.Options(endpoint, s.get("region"), pathStyle,
                s.get("profile")), s3Factory);
        return new S3Destination(client, bucket, prefix, storageClass(s.get("storage-class")),
                s.get("expected-bucket-owner"), maxS3ObjectBytes);
    }

    private static StorageClass storageClass(String value) {
        if (value == null) {
            return null;
        }
        StorageClass c = StorageClass.fromValue(value.trim().toUpperCase(Locale.ROOT));
        if (c == StorageClass.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("unknown S3 storage class '" + value + "' — use one of "
                    + Arrays.stream(StorageClass.values()).filter(v -> v != StorageClass.UNKNOWN_TO_SDK_VERSION)
                    .map(StorageClass::toString).collect(Collectors.joining(", ")));
        }
        return c;
    }

    private RemoteSettings remote(URI target, Settings s) {
        String username = s.get("username");
        if (username == null && target.getUserInfo() != null) {
            username = target.getUserInfo(); // a bare user name is not a secret
        }
        return new RemoteSettings(username, s.get("password"), s.path("private-key-file"), s.get("private-key-passphrase"),
                s.path("known-hosts-file"),
                s.bool("strict-host-key-checking"), s.bool("implicit-tls"), s.path("trust-store"),
                s.get("trust-store-password"));
    }

    private static Path fileRoot(String uri) {
        if (uri.regionMatches(true, 0, "file://", 0, 7)) {
            return Path.of(parse(uri));
        }
        String path = uri.substring("file:".length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("destination '" + uri + "' names no folder — write file:/path or file:relative/path");
        }
        return Path.of(path);
    }

    private static URI parse(String uri) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() == null) {
                throw unsupported(uri);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("destination '" + uri + "' is not a valid URI: " + e.getMessage(), e);
        }
    }

    private static URI withoutUserInfo(URI u) {
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static IllegalArgumentException unsupported(String uri) {
        String shown = uri.replaceAll("//[^/@]*@", "//");
        return new IllegalArgumentException("unsupported destination '" + shown
                + "' — use file:/folder, s3://bucket/prefix/, ftp://host/dir, ftps://host/dir or sftp://host/dir");
    }

    @Override
    public void close() {
        s3Clients.values().forEach(S3Client::close);
        s3Clients.clear();
        resolved.clear();
    }

    /**
     * Settings under one prefix: configuration first, then the environment variable of the same key
     * (thaw.credentials.&lt;host&gt;.* cannot be listed from the environment), then the built-in default.
     */
    private final class Settings {
        private final String prefix;

        Settings(String prefix) {
            this.prefix = prefix;
        }

        String get(String key) {
            String v = config.explicit(prefix + key);
            if (v == null) {
                String e = env.get(ThawConfig.envName(prefix + key));
                v = e == null || e.isBlank() ? null : e.trim();
            }
            if (v == null) {
                String d = Catalog.defaultOf(prefix + key);
                v = d.isEmpty() ? null : d;
            }
            return v;
        }

        Path path(String key) {
            String v = get(key);
            return v == null ? null : Path.of(v);
        }

        /** A flag the model gives a default (io.thaw.config.Catalog). */
        boolean bool(String key) {
            return bool(key, false);
        }

        boolean bool(String key, boolean fallback) {
            String v = get(key);
            if (v == null) {
                return fallback;
            }
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) {
                return true;
            }
            if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) {
                return false;
            }
            throw new IllegalArgumentException(prefix + key + "=" + v + " is not a boolean — use true or false");
        }
    }
}
