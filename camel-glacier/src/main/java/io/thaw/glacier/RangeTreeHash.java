package io.thaw.glacier;

/**
 * Glacier's tree hash for a sub-range of a job's output, read from the {@code x-amz-sha256-tree-hash}
 * header of a GetJobOutput for exactly that range; the body is not read (the connection is aborted).
 * It is the independent figure a ranged download is verified against, as the job's SHA256TreeHash is
 * for a whole output.
 */
public final class RangeTreeHash {

    private RangeTreeHash() {
    }

    public static String of(GlacierReads glacier, CompletedJob job, OutputRange range, DownloadSettings retry) {
        String bytes = "bytes=" + range.start() + "-" + range.endInclusive();
        try (GlacierReads.Output out = GlacierRetry.call(retry, "the tree-hash probe of " + bytes + " of job "
                + job.jobId(), () -> glacier.getJobOutput(job.account(), job.vault(), job.jobId(), bytes))) {
            String hash = out.checksum();
            out.abort().run(); // only the header was wanted: the body is not read
            if (hash == null) {
                throw new OutputProblem(OutputProblem.Kind.PERMANENT, "Glacier sent no tree hash for bytes "
                        + range.start() + "-" + range.endInclusive() + " of job " + job.jobId()
                        + ", so they cannot be verified — fetch the whole output instead");
            }
            return hash;
        } catch (java.io.IOException e) {
            throw new OutputProblem(OutputProblem.Kind.TRANSIENT, "asking Glacier for the tree hash of bytes "
                    + range.start() + "-" + range.endInclusive() + " failed: " + e.getMessage(), e);
        }
    }
}
