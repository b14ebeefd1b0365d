package io.thaw.glacier;

import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * What a failed chunk attempt means: worth another try (throttling, 5xx, timeouts, cut-short or
 * corrupt bodies, until the attempts run out), or an {@link OutputProblem} that no retry of this chunk
 * can fix (expired output, job not ready, a refusal).
 */
final class ChunkFailures {

    private ChunkFailures() {
    }

    /** Null when the chunk should be tried again; otherwise the problem to throw. */
    static OutputProblem verdict(Exception e, OutputDownloader.Target t, int index, int attempt, int maxAttempts) {
        if (e instanceof ResourceNotFoundException) {
            return new OutputProblem(OutputProblem.Kind.EXPIRED, "output of job " + t.jobId() + " in vault '"
                    + t.vault() + "' is gone (404: expired after its 24 h window, or never existed) — the job"
                    + " must be started again", e);
        }
        if (e instanceof InvalidParameterValueException ip) {
            if (String.valueOf(ip.getMessage()).contains("not currently available")) {
                return new OutputProblem(OutputProblem.Kind.NOT_READY, "job " + t.jobId() + " is not finished yet", e);
            }
            return new OutputProblem(OutputProblem.Kind.PERMANENT, "Glacier refused the download of job "
                    + t.jobId() + ": " + ip.awsErrorDetails().errorMessage(), e);
        }
        if (e instanceof GlacierException g && !retryable(g)) {
            return new OutputProblem(OutputProblem.Kind.PERMANENT, "Glacier GetJobOutput failed for job "
                    + t.jobId() + " of vault '" + t.vault() + "': " + ServiceAnswer.describe(g)
                    + (g.statusCode() == 413 ? " — Glacier refuses the ranged request as too large; lower"
                    + " thaw.download.chunk-mib" : ""), e);
        }
        if (attempt >= maxAttempts) {
            return new OutputProblem(OutputProblem.Kind.TRANSIENT, "chunk " + index + " of job " + t.jobId()
                    + " failed " + attempt + " times, last: " + e.getMessage(), e);
        }
        return null;
    }

    static boolean retryable(GlacierException e) {
        int s = e.statusCode();
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return s >= 500 || s == 408 || s == 429 || code.contains("Throttl") || code.equals("RequestTimeoutException");
    }
}
