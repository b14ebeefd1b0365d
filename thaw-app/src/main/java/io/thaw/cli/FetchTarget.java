package io.thaw.cli;

import io.thaw.ThawConfig;
import io.thaw.deliver.Destination;
import io.thaw.deliver.Destinations;
import io.thaw.deliver.FileDestination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Where {@code thaw fetch --to} delivers: a destination URI, an existing directory (the output is named
 * from the archive description), or an exact file. Plain paths get a destination that may move the
 * verified staging file into place instead of copying it, when both are on the same file system.
 */
final class FetchTarget implements AutoCloseable {

    private static final Pattern URI_SCHEME = Pattern.compile("(?i)(file|s3|ftp|ftps|sftp):.*");

    private final Destination destination;
    private final String exactName;
    private final boolean s3;
    private final AutoCloseable resources;

    private FetchTarget(Destination destination, String exactName, boolean s3, AutoCloseable resources) {
        this.destination = destination;
        this.exactName = exactName;
        this.s3 = s3;
        this.resources = resources;
    }

    static FetchTarget parse(String to, ThawConfig cfg) throws Exception {
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("--to is empty — give a folder, a file or a destination URI");
        }
        if (URI_SCHEME.matcher(to).matches()) {
            String scheme = to.substring(0, to.indexOf(':')).toLowerCase(Locale.ROOT);
            // FTP and SFTP deliveries are Camel producers; other kinds need no context.
            CamelContext camel = scheme.startsWith("ftp") || scheme.equals("sftp") ? new DefaultCamelContext() : null;
            if (camel != null) {
                camel.start();
            }
            Destinations destinations = new Destinations(cfg, camel);
            AutoCloseable close = () -> {
                destinations.close();
                if (camel != null) {
                    camel.close();
                }
            };
            try {
                return new FetchTarget(destinations.resolve(to), null, destinations.isS3(to), close);
            } catch (RuntimeException e) {
                close.close();
                throw e;
            }
        }
        Path path = Path.of(to).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            return new FetchTarget(new FileDestination(path, true), null, false, () -> { });
        }
        if (path.getFileName() == null) {
            throw new IllegalArgumentException("--to " + to + " names no file");
        }
        return new FetchTarget(new FileDestination(path.getParent(), true), path.getFileName().toString(), false,
                () -> { });
    }

    Destination destination() {
        return destination;
    }

    /** The file name to write when --to named a file, else null (the name comes from the archive). */
    String exactName() {
        return exactName;
    }

    /** Longest name (UTF-8 bytes) the destination takes: S3 keys are at most 1,024 bytes. */
    int maxNameBytes() {
        return s3 ? 900 : 4096;
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
