package io.thaw.glacier;

/** Glacier refused to start a job for a reason retrying will not fix (unknown vault or archive, policy). */
public final class JobRefused extends RuntimeException {
    public JobRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
