package io.thaw.deliver;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

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
            ex.getIn().setBody(file.toFile());
        });
        Exception failure = result.getException();
        if (failure != null) {
            throw new IOException("delivery of " + name + " to " + shownLocation + " failed: "
                    + scrub(rootMessage(failure)) + " — check the server address, credentials and free space;"
                    + " nothing was written under the final name", scrubbed(failure));
        }
        return new Delivered(shownLocation + "/" + name, size);
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
