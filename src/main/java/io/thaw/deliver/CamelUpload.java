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
 * Sends one file through a Camel ftp/ftps/sftp producer. The body is a {@link VerifyingStream} of the
 * file, so nothing is buffered whatever the size and the bytes sent are checked before the rename. The endpoint URI carries the
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
    private final CamelContext camel;
    private final String camelUri;
    private volatile Endpoint readEndpoint;

    /**
     * @param camelUri      full endpoint URI including credentials; never logged
     * @param shownLocation the same place without credentials, for messages and {@link Delivered}
     */
    CamelUpload(CamelContext camel, String camelUri, String password, String shownLocation) {
        this.template = camel.createProducerTemplate();
        this.password = password;
        this.shownLocation = shownLocation;
        this.camel = camel;
        this.camelUri = camelUri;
        try {
            this.endpoint = camel.getEndpoint(camelUri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot set up delivery to " + shownLocation + ": " + scrub(e.getMessage()));
        }
    }

    Delivered send(Path file, Delivery delivery) throws IOException {
        String name = RelativeName.check(delivery.relativeName());
        long size = SizeCheck.require(file, delivery, shownLocation);
        Exchange result;
        boolean confirmed;
        // The stream checks the bytes sent against the verified output before it ends, so the producer
        // fails (and never renames the temporary name) when they differ or the job's claim is gone.
        try (VerifyingStream body = new VerifyingStream(file, delivery, shownLocation + "/" + name)) {
            result = template.send(endpoint, ex -> {
                ex.getIn().setHeader(Exchange.FILE_NAME, name);
                ex.getIn().setHeader(TEMPORARY_NAME, TemporaryName.of(name.substring(name.lastIndexOf('/') + 1)));
                ex.getIn().setBody(body);
            });
            confirmed = body.confirmed();
        }
        Exception failure = result.getException();
        if (failure == null && !confirmed) {
            failure = new IOException("the upload ended before the whole file was read, so its bytes were not verified");
        }
        if (failure != null) {
            removePart(name);
            throw new IOException("delivery of " + name + " to " + shownLocation + " failed: "
                    + scrub(rootMessage(failure)) + " — check the server address, credentials and free space;"
                    + " nothing was written under the final name", scrubbed(failure));
        }
        return new Delivered(shownLocation + "/" + name, size);
    }

    /**
     * Streams a delivered file back from the server ({@code thaw retire} re-verifies it): the same
     * endpoint settings, with streamDownload so nothing is buffered, and whole paths (no stepwise cd,
     * which would run on the control channel while the data flows). Closing the stream ends the transfer
     * and disconnects.
     */
    java.io.InputStream open(String location) throws IOException {
        String prefix = shownLocation + "/";
        if (!location.startsWith(prefix)) {
            throw new IOException(location + " was not delivered to " + shownLocation);
        }
        String name = RelativeName.check(location.substring(prefix.length()));
        if (readEndpoint == null) {
            readEndpoint = camel.getEndpoint(camelUri + "&streamDownload=true&stepwise=false");
        }
        RemoteFileEndpoint<?> remote = (RemoteFileEndpoint<?>) readEndpoint;
        String dir = remote.getConfiguration().getDirectory();
        String path = dir == null || dir.isEmpty() ? name : dir + "/" + name;
        RemoteFileOperations<?> ops;
        try {
            ops = remote.createRemoteFileOperations();
        } catch (Exception e) {
            throw new IOException("cannot read " + location + " back: " + scrub(rootMessage(e)), scrubbed(e));
        }
        Exchange ex = remote.createExchange();
        org.apache.camel.component.file.GenericFile<Object> file = new org.apache.camel.component.file.GenericFile<>();
        ex.setProperty(org.apache.camel.ExchangePropertyKey.FILE_EXCHANGE_FILE, file);
        boolean handedOver = false;
        try {
            ops.connect(remote.getConfiguration(), ex);
            if (!ops.existsFile(path)) {
                throw new java.nio.file.NoSuchFileException(location, null, "not on the server");
            }
            if (!ops.retrieveFile(path, ex, -1) || !(file.getBody() instanceof java.io.InputStream in)) {
                throw new IOException("the server did not send " + location);
            }
            RemoteFileOperations<?> held = ops;
            handedOver = true;
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        held.releaseRetrievedFileResources(ex);
                    } catch (RuntimeException e) {
                        LOG.debug("ending the read of {}: {}", location, scrub(e.getMessage()));
                    } finally {
                        held.disconnect();
                    }
                }
            };
        } catch (GenericFileOperationFailedException e) {
            throw new IOException("cannot read " + location + " back: " + scrub(rootMessage(e)), scrubbed(e));
        } finally {
            if (!handedOver) {
                try {
                    ops.disconnect();
                } catch (RuntimeException ignored) {
                    // not connected
                }
            }
        }
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
