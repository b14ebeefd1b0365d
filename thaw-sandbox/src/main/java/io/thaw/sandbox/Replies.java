package io.thaw.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writing HTTP replies on the edge server: JSON, empty, and streamed bodies of a known length. */
final class Replies {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Glacier's JSON timestamps: ISO-8601 UTC with milliseconds. */
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final int BUFFER = 128 * 1024;

    private Replies() {
    }

    static String iso(Instant t) {
        return t == null ? null : ISO_MILLIS.format(t);
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        bytes(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void bytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** A reply without a body (201/202/204 with headers only). */
    static void empty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    static void glacierError(HttpExchange ex, GlacierException e) throws IOException {
        var body = new java.util.LinkedHashMap<String, String>();
        body.put("code", e.code);
        body.put("message", e.getMessage());
        body.put("type", e.type);
        json(ex, e.status, body);
    }

    static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Drains what is left of a request body so the connection can be reused. */
    static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // discard
        }
    }
}
