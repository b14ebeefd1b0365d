package io.thaw.deliver;

import io.thaw.naming.TemporaryName;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends one file through a Camel ftp/ftps/sftp producer. The body is the file itself, which the
 * producer opens as a stream, so nothing is buffered whatever the size. The endpoint URI carries the
 * password (that is how camel-ftp takes it), so every message that leaves this class is scrubbed.
 */
final class CamelUpload {

    private static final Logger LOG = LoggerFactory.getLogger(CamelUpload.class);
    /** Header holding the temporary name (last segment only) the producer writes before renaming. */
    static final String TEMPORARY_NAME = "ThawTemporaryName";

    private final ProducerTemplate template;
    private final Endpoint endpoint;
    private final String password;
    private final String shownLocation;

    /**
     * @param camelUri      full endpoint URI including credentials; never logged
     * @param shownLocation the same place without credentials, for messages and {@link Delivered}
     */
    CamelUpload(CamelContext camel, String camelUri, String password, String shownLocation) {
        this.template = camel.createProducerTemplate();
        this.password = password;
        this.shownLocation = shownLocation;
        try {
            this.endpoint = camel.getEndpoint(camelUri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot set up delivery to " + shownLocation + ": " + scrub(e.getMessage()));
        }
    }

    Delivered send(Path file, Delivery delivery) throws IOException {
        String name = RelativeName.check(delivery.relativeName());
        long size = SizeCheck.require(file, delivery, shownLocation);
        Exchange result = template.send(endpoint, ex -> {
            ex.getIn().setHeader(Exchange.FILE_NAME, name);
            ex.getIn().setHeader(TEMPORARY_NAME, TemporaryName.of(name.substring(name.lastIndexOf('/') + 1)));
            ex.getIn().setBody(file.toFile());
        });
        Exception failure = result.getException();
        if (failure != null) {
            removePart(name);
            throw new IOException("delivery of " + name + " to " + shownLocation + " failed: "
                    + scrub(rootMessage(failure)) + " — check the server address, credentials and free space;"
                    + " nothing was written under the final name", scrubbed(failure));
        }
        return new Delivered(shownLocation + "/" + name, size);
    }

    /**
     * Best effort, after a failed upload: removes the part file it may have left next to the final name,
     * so a job that is never delivered leaves nothing on the server. A later attempt would overwrite it
     * anyway; when the server cannot be reached now, a part that may be there stays and the log says where.
     */
    private void removePart(String name) {
        if (!(endpoint instanceof RemoteFileEndpoint<?> remote)) {
            return;
        }
        int slash = name.lastIndexOf('/');
        String part = name.substring(0, slash + 1) + TemporaryName.of(name.substring(slash + 1));
        String dir = remote.getConfiguration().getDirectory();
        String path = dir == null || dir.isEmpty() ? part : dir + "/" + part;
        RemoteFileOperations<?> ops = null;
        try {
            ops = remote.createRemoteFileOperations();
            ops.connect(remote.getConfiguration(), null);
            try {
                ops.deleteFile(path); // not asked first: FTP servers may leave '.' names out of listings
            } catch (GenericFileOperationFailedException absent) {
                LOG.debug("no partial upload {}/{} to remove: {}", shownLocation, part, scrub(absent.getMessage()));
            }
        } catch (Exception e) {
            // most often the server refused the upload's connection too, so nothing was written
            LOG.info("could not check {}/{} for a partial upload after the failed delivery ({}); if one is there,"
                    + " the next attempt replaces it", shownLocation, part, scrub(rootMessage(e)));
        } finally {
            if (ops != null) {
                try {
                    ops.disconnect();
                } catch (RuntimeException ignored) {
                    // the connection is gone either way
                }
            }
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(" / ").append(c.getMessage()); // Camel often repeats its cause's message
            }
        }
        return sb.toString();
    }

    /**
     * The cause chain with the password removed from every message, stack traces kept: Camel puts
     * endpoint URIs into some exception messages, and a logged stack trace would show them.
     */
    private Throwable scrubbed(Throwable t) {
        if (t == null) {
            return null;
        }
        Throwable copy = new IOException(t.getClass().getName() + ": " + scrub(t.getMessage()),
                t.getCause() == t ? null : scrubbed(t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    String scrub(String message) {
        if (message == null || password == null || password.isEmpty()) {
            return message;
        }
        return message.replace(password, "xxxxxx")
                .replace(URLEncoder.encode(password, StandardCharsets.UTF_8), "xxxxxx");
    }
}
