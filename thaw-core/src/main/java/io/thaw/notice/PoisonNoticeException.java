package io.thaw.notice;

/**
 * An SQS message that is not a usable Glacier job notice and never will be: retrying cannot help, so
 * the caller parks the raw body with {@link #getMessage()} as the reason and removes it from the queue.
 */
public class PoisonNoticeException extends Exception {

    private static final long serialVersionUID = 1L;

    public PoisonNoticeException(String reason) {
        super(reason);
    }

    public PoisonNoticeException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
