package io.thaw.deliver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thaw.naming.TemporaryName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How thaw puts a file on an FTP, FTPS or SFTP server: folders created as needed (and remembered),
 * the bytes written under a temporary name next to the final one, then renamed over it. When anything
 * fails, what this upload created is removed again — the part file and the folders it made, deepest
 * first — and the error carries the server's own words and a fix that matches the cause.
 */
final class RemoteUpload {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteUpload.class);

    private final RemoteFiles.Opener opener;
    private final String root;
    private final String shownLocation;
    private final String settingsHint;

    /**
     * @param root          folder under the login folder ({@code incoming}), or absolute ({@code /srv/in})
     * @param shownLocation scheme://host:port/root without credentials, for messages and {@link Delivered}
     * @param settingsHint  how the user changes this destination's settings, for hints
     */
    RemoteUpload(RemoteFiles.Opener opener, String root, String shownLocation, String settingsHint) {
        this.opener = opener;
        this.root = root;
        this.shownLocation = shownLocation;
        this.settingsHint = settingsHint;
    }

    /** The temporary name a file is written under before it is renamed to {@code fileName}. The one place it is made. */
    static String partName(String fileName) {
        return TemporaryName.of(fileName);
    }

    Delivered send(Path file, Delivery delivery) throws IOException {
        String name = RelativeName.check(delivery.relativeName());
        long size = SizeCheck.require(file, delivery, shownLocation);
        List<String> folders = new ArrayList<>();
        if (root.startsWith("/")) {
            folders.add("/");
        }
        folders.addAll(segments(root));
        List<String> path = segments(name);
        folders.addAll(path.subList(0, path.size() - 1));
        String fileName = path.get(path.size() - 1);
        String part = partName(fileName);

        List<String> made = new ArrayList<>();
        String partPath = null;
        RemoteFiles r = null;
        try {
            r = opener.open();
            for (String folder : folders) {
                if (!r.enter(folder)) {
                    String parent = r.here();
                    try {
                        r.make(folder);
                        made.add(join(parent, folder));
                    } catch (IOException refused) {
                        if (r.enter(folder)) {
                            continue; // another delivery made it meanwhile: not ours to remove
                        }
                        throw refused;
                    }
                    if (!r.enter(folder)) {
                        throw new IOException("CWD " + folder + ": the folder just made cannot be entered");
                    }
                }
            }
            partPath = join(r.here(), part);
            // The stream checks the bytes sent against the verified output (and the job's claim) at its end,
            // so a mismatch fails the upload while the bytes are still under the temporary name only.
            try (VerifyingStream body = new VerifyingStream(file, delivery, shownLocation + "/" + name)) {
                r.upload(body, part);
                if (!body.confirmed()) {
                    throw new IOException("the upload ended before the whole file was read, so its bytes were not"
                            + " verified");
                }
            }
            r.replace(part, fileName);
            return new Delivered(shownLocation + "/" + name, size);
        } catch (IOException | RuntimeException e) {
            close(r);
            cleanUp(partPath, made);
            throw new IOException("delivery of " + name + " to " + shownLocation + " failed: " + e.getMessage()
                    + " — " + FailureHint.of(e, settingsHint) + "; nothing was written under the final name", e);
        } finally {
            close(r);
        }
    }

    /**
     * Streams a delivered copy back from {@code location} (as {@link #send} returned it); closing the stream
     * ends the session. A missing file is a {@link java.nio.file.NoSuchFileException}.
     */
    InputStream open(String location) throws IOException {
        String prefix = shownLocation + "/";
        if (!location.startsWith(prefix)) {
            throw new IOException(location + " is not under " + shownLocation);
        }
        String name = RelativeName.check(location.substring(prefix.length()));
        RemoteFiles r = opener.open();
        try {
            String folder = root.startsWith("/") ? root : join(r.here(), root);
            InputStream in = r.read(join(folder, name));
            RemoteFiles session = r;
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        RemoteUpload.close(session);
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            close(r);
            throw e;
        }
    }

    /**
     * Removes the part file and the folders this upload made, deepest first, on a fresh session: the
     * failed one may be cut off, or out of step (an SFTP upload broken off with writes still in flight).
     */
    private void cleanUp(String partPath, List<String> made) {
        if (partPath == null && made.isEmpty()) {
            return;
        }
        List<String> left = new ArrayList<>();
        RemoteFiles r = null;
        try {
            r = opener.open();
            if (partPath != null) {
                try {
                    r.delete(partPath);
                } catch (IOException absent) {
                    LOG.debug("no part file {} to remove: {}", partPath, absent.getMessage());
                }
            }
            for (int i = made.size() - 1; i >= 0; i--) {
                try {
                    r.removeFolder(made.get(i));
                } catch (IOException e) {
                    left.add(e.getMessage());
                }
            }
        } catch (IOException | RuntimeException e) {
            left.add(e.getMessage());
        } finally {
            close(r);
        }
        if (!left.isEmpty()) {
            LOG.info("after the failed delivery to {}, could not remove {}{}: {}; the next attempt replaces the part"
                    + " file", shownLocation, partPath == null ? "" : partPath + " and the folders ", made, left);
        }
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static String join(String parent, String child) {
        if (child.startsWith("/")) {
            return child;
        }
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }

    private static void close(RemoteFiles r) {
        if (r != null) {
            try {
                r.close();
            } catch (IOException | RuntimeException ignored) {
                // the session is over either way
            }
        }
    }
}
