package io.thaw.setup;

/** {@code thaw setup} cannot go on; the message names the resource, the cause and the fix. */
public final class SetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }

    public SetupException(String message) {
        super(message);
    }
}
