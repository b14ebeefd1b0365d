package io.thaw.glacier;

import java.io.Closeable;
import java.io.InputStream;

/**
 * The two Glacier calls a download makes: DescribeJob and a ranged GetJobOutput. Two transports:
 * {@link #sdk} (an SDK client; the component's default) and {@link HttpGlacierReads} (two signed GETs
 * without the SDK's client pipeline: quicker to start and less CPU per call; thaw's default).
 * Both fail alike: a refusal as the SDK's {@code GlacierException} subclass for its error code, a
 * request that never got an answer as an {@code SdkClientException}, so callers retry and report the
 * same way whichever transport carried the call.
 */
public interface GlacierReads extends AutoCloseable {

    DescribedJob describeJob(String account, String vault, String jobId);

    /** Bytes {@code range} ("bytes=a-b", or null for the whole output) of a job's output; the caller closes it. */
    Output getJobOutput(String account, String vault, String jobId, String range);

    /** The SDK client as the transport (closing this leaves the client open: it is the caller's). */
    static GlacierReads sdk(software.amazon.awssdk.services.glacier.GlacierClient glacier) {
        return new SdkGlacierReads(glacier, false);
    }

    /** The SDK client as the transport, closed with it. */
    static GlacierReads owning(software.amazon.awssdk.services.glacier.GlacierClient glacier) {
        return new SdkGlacierReads(glacier, true);
    }

    /** Releases what the transport holds (an owned client; the JDK's connections need nothing). */
    @Override
    default void close() {
    }

    /**
     * An output's body and the headers thaw reads.
     *
     * @param checksum           {@code x-amz-sha256-tree-hash}: the range's tree hash, when Glacier gives one
     * @param archiveDescription {@code x-amz-archive-description}, or null
     * @param abort              drops the connection without reading the rest of the body
     */
    record Output(InputStream body, String checksum, String archiveDescription, Runnable abort) implements Closeable {

        @Override
        public void close() throws java.io.IOException {
            body.close();
        }
    }

    /** What DescribeJob says, in the API's own terms (Glacier's field names, strings as sent). */
    record DescribedJob(Boolean completed, String statusCode, String statusMessage, String action, String archiveId,
                        Long archiveSizeInBytes, Long inventorySizeInBytes, String archiveSha256TreeHash,
                        String sha256TreeHash, String retrievalByteRange, String inventoryFormat, String tier,
                        String jobDescription, String creationDate, String completionDate) {
    }
}
