package io.thaw.deliver;

import java.io.IOException;

/**
 * A delivery that failed and was already reported: the {@link Deliverer} logged its one WARN line and
 * recorded the same text on the job, which waits for its next attempt. Routes and consumers that see
 * it pass it on without logging it again.
 */
public final class DeliveryFailedException extends IOException {

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code t} or one of its causes is a reported delivery failure. */
    public static boolean isReported(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DeliveryFailedException) {
                return true;
            }
        }
        return false;
    }
}
