package io.thaw.glacier;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.model.GlacierException;

/**
 * Repeats a single Glacier call (DescribeJob, a tree-hash probe) while Glacier throttles or fails
 * transiently, beyond the SDK's own three attempts: a fetch of a big vault's output must not give up
 * because one DescribeJob met "Rate exceeded". Uses the download's attempt limit and back-off
 * ({@link DownloadSettings#maxAttempts()}, {@link DownloadSettings#baseBackoff()}): {@link Backoff}, equal jitter.
 */
public final class GlacierRetry {

    private GlacierRetry() {
    }

    /**
     * Returns the call's result; after the last attempt a retryable failure becomes a TRANSIENT
     * {@link OutputProblem} ("run again later"), and anything not retryable propagates at once.
     */
    public static <T> T call(DownloadSettings settings, String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (GlacierException e) {
                if (!ChunkFailures.retryable(e) || attempt >= settings.maxAttempts()) {
                    if (ChunkFailures.retryable(e)) {
                        throw gaveUp(settings, what, attempt, e.awsErrorDetails() == null ? e.getMessage()
                                : e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage(), e);
                    }
                    throw e;
                }
            } catch (SdkClientException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw gaveUp(settings, what, attempt, e.getMessage(), e);
                }
            }
            pause(settings, attempt);
        }
    }

    private static OutputProblem gaveUp(DownloadSettings s, String what, int attempts, String cause, Exception e) {
        return new OutputProblem(OutputProblem.Kind.TRANSIENT, what + " failed " + attempts + " times (last: "
                + cause + "): Glacier is throttling or unreachable (" + s.keys().maxAttempts() + " sets how often to try)", e);
    }

    private static void pause(DownloadSettings s, int attempt) {
        try {
            s.backoff().pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutputProblem(OutputProblem.Kind.TRANSIENT, "interrupted while waiting to retry", e);
        }
    }
}
