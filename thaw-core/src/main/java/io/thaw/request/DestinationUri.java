package io.thaw.request;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A destination URI in the normalised form used to decide whether one destination lies under another:
 * file: paths resolved against the working directory with {@code ..} folded away; other schemes as
 * scheme, user, host, port (defaults filled in) and path segments. Comparison is by whole segments,
 * so {@code file:/data/out} never admits {@code file:/data/outside}.
 *
 * <p>Symbolic links are not resolved: the folder may not exist yet. Writing must still not follow a
 * link out of the root; that is the file destination's job at write time.
 */
final class DestinationUri {

    static final List<String> SCHEMES = List.of("file", "s3", "ftp", "ftps", "sftp");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("ftp", 21, "ftps", 21, "sftp", 22);

    private final String scheme;
    private final String authority;
    private final Path filePath;
    private final List<String> segments;

    private DestinationUri(String scheme, String authority, Path filePath, List<String> segments) {
        this.scheme = scheme;
        this.authority = authority;
        this.filePath = filePath;
        this.segments = segments;
    }

    /**
     * @throws IllegalArgumentException with the reason (no field name: callers add it)
     */
    static DestinationUri parse(String uri, Path workingDir) {
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("scheme \"" + scheme + "\" is not supported — use file:, s3://, ftp://,"
                    + " ftps:// or sftp://");
        }
        String withoutOptions = stripOptions(uri);
        return scheme.equals("file") ? parseFile(withoutOptions.substring(colon + 1), workingDir)
                : parseRemote(scheme, withoutOptions);
    }

    private static DestinationUri parseFile(String rest, Path workingDir) {
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                // Camel reads file://work/outbox as a relative folder, a URI parser as host "work": refuse the ambiguity.
                throw new IllegalArgumentException("\"//\" after file: starts a host name (\"" + host + "\"), and"
                        + " destinations are local folders — write file:/absolute/path or file:relative/path, e.g. file:"
                        + rest.substring(2));
            }
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("the file: URI names no folder — write file:/absolute/path or file:relative/path");
        }
        if (rest.indexOf('%') >= 0) {
            // thaw hands file paths on literally; accepting escapes would let %2e%2e mean ".." downstream.
            throw new IllegalArgumentException("percent-escapes are not accepted in file: destinations — write the path"
                    + " literally (spaces are fine)");
        }
        try {
            return new DestinationUri("file", "", workingDir.resolve(Path.of(rest)).normalize(), List.of());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the path is not valid here: " + e.getReason());
        }
    }

    private static DestinationUri parseRemote(String scheme, String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("it is not a valid URI (" + e.getReason() + " at index " + e.getIndex()
                    + ") — percent-encode spaces and special characters, e.g. %20 for a space");
        }
        String rawAuthority = u.getRawAuthority();
        if (u.isOpaque() || rawAuthority == null || rawAuthority.isEmpty()) {
            throw new IllegalArgumentException("it names no " + (scheme.equals("s3") ? "bucket" : "host") + ": write "
                    + scheme + "://" + (scheme.equals("s3") ? "bucket/prefix/" : "host:port/folder"));
        }
        String user = "";
        String hostPort = rawAuthority;
        int at = rawAuthority.lastIndexOf('@');
        if (at >= 0) {
            user = rawAuthority.substring(0, at);
            hostPort = rawAuthority.substring(at + 1);
        }
        String host = hostPort.toLowerCase(Locale.ROOT);
        int port = -1;
        int portColon = hostPort.lastIndexOf(':');
        if (portColon >= 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, portColon).toLowerCase(Locale.ROOT);
            String p = hostPort.substring(portColon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("port \"" + p + "\" is not a number from 1 to 65535");
            }
            port = Integer.parseInt(p);
            if (scheme.equals("s3")) {
                throw new IllegalArgumentException("an s3:// URI names a bucket, not host:port — the S3 endpoint comes from"
                        + " the configuration");
            }
        }
        if (port < 0) {
            port = DEFAULT_PORTS.getOrDefault(scheme, -1);
        }
        List<String> segments = new ArrayList<>();
        String path = u.getPath() == null ? "" : u.getPath();
        for (String s : path.split("/")) {
            if (s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("its path contains a \"" + s + "\" segment — write the folder without"
                        + " . or .. (e.g. " + scheme + "://" + hostPort + "/restored/)");
            }
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return new DestinationUri(scheme, user + "@" + host + ":" + port, null, List.copyOf(segments));
    }

    /** Options (query) and fragments do not move a destination; they are handled before parsing. */
    static String stripOptions(String uri) {
        int cut = uri.length();
        for (char c : new char[] {'?', '#'}) {
            int i = uri.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return uri.substring(0, cut);
    }

    /** True when {@code other} equals this destination or lies under it (whole path segments only). */
    boolean contains(DestinationUri other) {
        if (!scheme.equals(other.scheme)) {
            return false;
        }
        if (scheme.equals("file")) {
            return other.filePath.startsWith(filePath);
        }
        return authority.equals(other.authority) && other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    /** For messages: where a file: destination really points. */
    String describeFile() {
        return filePath == null ? null : filePath.toString();
    }

    Path filePath() {
        return filePath;
    }
}
