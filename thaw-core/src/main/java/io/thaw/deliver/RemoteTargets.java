package io.thaw.deliver;

import java.net.URI;

/** What an ftp://, ftps:// or sftp:// destination URI says: where it is shown, and its root folder. */
final class RemoteTargets {

    private RemoteTargets() {
    }

    /** {@code scheme://host:port/path}, the path as the user wrote it (already URI-encoded), no trailing '/'. */
    static String shown(String scheme, URI target, int port) {
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + target.getHost() + ":" + port + (path.equals("/") ? "" : path);
    }

    /**
     * The root folder, decoded: {@code /incoming} is {@code incoming} under the login folder, as in camel-ftp
     * and most clients; {@code //srv/in} is the absolute {@code /srv/in}.
     */
    static String root(URI target) {
        String path = target.getPath() == null ? "" : target.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
