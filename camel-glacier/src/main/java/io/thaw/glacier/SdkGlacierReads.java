package io.thaw.glacier;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;

/** {@link GlacierReads} through an SDK client (its retries, interceptors and HTTP client). */
final class SdkGlacierReads implements GlacierReads {

    private final GlacierClient glacier;
    private final boolean owned;

    SdkGlacierReads(GlacierClient glacier, boolean owned) {
        this.glacier = glacier;
        this.owned = owned;
    }

    @Override
    public void close() {
        if (owned) {
            glacier.close();
        }
    }

    @Override
    public DescribedJob describeJob(String account, String vault, String jobId) {
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId(account).vaultName(vault).jobId(jobId));
        return new DescribedJob(d.completed(), d.statusCodeAsString(), d.statusMessage(), d.actionAsString(),
                d.archiveId(), d.archiveSizeInBytes(), d.inventorySizeInBytes(), d.archiveSHA256TreeHash(),
                d.sha256TreeHash(), d.retrievalByteRange(),
                d.inventoryRetrievalParameters() == null ? null : d.inventoryRetrievalParameters().format(),
                d.tier(), d.jobDescription(), d.creationDate(), d.completionDate());
    }

    @Override
    public Output getJobOutput(String account, String vault, String jobId, String range) {
        ResponseInputStream<GetJobOutputResponse> in = glacier.getJobOutput(b -> b.accountId(account)
                .vaultName(vault).jobId(jobId).range(range), ResponseTransformer.toInputStream());
        GetJobOutputResponse r = in.response();
        return new Output(in, r.checksum(), r.archiveDescription(), in::abort);
    }
}
