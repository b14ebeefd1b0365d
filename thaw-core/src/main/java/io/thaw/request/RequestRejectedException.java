package io.thaw.request;

/**
 * A request file thaw will not act on. The message is written for the person who dropped the file:
 * it names the field, what is wrong and how to fix it, and never echoes a secret.
 */
public class RequestRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public RequestRejectedException(String message) {
        super(message);
    }
}
