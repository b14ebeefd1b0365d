package io.thaw.sandbox;

/** A Glacier error reply: HTTP status plus the {@code {"code","message","type"}} body real Glacier sends. */
final class GlacierException extends RuntimeException {

    final int status;
    final String code;
    final String type;

    GlacierException(int status, String code, String type, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.type = type;
    }

    static GlacierException notFound(String message) {
        return new GlacierException(404, "ResourceNotFoundException", "Client", message);
    }

    static GlacierException invalid(String message) {
        return new GlacierException(400, "InvalidParameterValueException", "Client", message);
    }

    static GlacierException missing(String what) {
        return new GlacierException(400, "MissingParameterValueException", "Client", "Required parameter missing: " + what);
    }

    static GlacierException accessDenied(String message) {
        return new GlacierException(403, "AccessDeniedException", "Client", message);
    }

    static GlacierException serialization(String message) {
        return new GlacierException(400, "SerializationException", "Client", message);
    }

    static GlacierException throttled() {
        return new GlacierException(400, "ThrottlingException", "Client", "Rate exceeded (fault injected by thaw sandbox --faults)");
    }

    static GlacierException unavailable() {
        return new GlacierException(500, "ServiceUnavailableException", "Server",
                "Service is unavailable (fault injected by thaw sandbox --faults)");
    }
}
