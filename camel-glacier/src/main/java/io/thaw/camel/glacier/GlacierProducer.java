package io.thaw.camel.glacier;

import io.thaw.glacier.CompletedJob;
import io.thaw.glacier.GlacierRetry;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultProducer;
import software.amazon.awssdk.services.glacier.model.DeleteArchiveResponse;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;
import software.amazon.awssdk.services.glacier.model.InitiateJobResponse;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * Runs one Glacier operation per exchange (header {@code CamelGlacierOperation}, else the
 * {@code operation} option). Results are typed bodies (the SDK's responses, lists of its models, a
 * verified File) plus {@code CamelGlacier*} headers.
 */
public class GlacierProducer extends DefaultProducer {

    private GlacierHealthCheck healthCheck;
    private WritableHealthCheckRepository healthRepository;

    public GlacierProducer(GlacierEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public GlacierEndpoint getEndpoint() {
        return (GlacierEndpoint) super.getEndpoint();
    }

    private GlacierConfiguration config() {
        return getEndpoint().getConfiguration();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        GlacierOperations op = in.getHeader(GlacierConstants.OPERATION, GlacierOperations.class);
        if (op == null) {
            op = config().getOperation();
        }
        if (op == null) {
            throw new IllegalArgumentException("glacier producer for vault '" + config().getVaultName() + "' has no"
                    + " operation: set the operation option or header " + GlacierConstants.OPERATION + " (one of "
                    + java.util.Arrays.toString(GlacierOperations.values()) + ")");
        }
        switch (op) {
            case initiateJob -> initiateJob(exchange);
            case describeJob -> describeJob(exchange);
            case listJobs -> listJobs(exchange);
            case listVaults -> listVaults(exchange);
            case getJobOutput -> getJobOutput(exchange);
            case deleteArchive -> deleteArchive(exchange);
            default -> throw new IllegalArgumentException("unsupported operation " + op);
        }
    }

    private String vault(Message in) {
        String v = in.getHeader(GlacierConstants.VAULT_NAME, String.class);
        return v != null ? v : config().getVaultName();
    }

    private String account(Message in) {
        String a = in.getHeader(GlacierConstants.ACCOUNT_ID, String.class);
        return a != null ? a : config().getAccountId();
    }

    private static String required(Message in, String header, String operation) {
        String v = in.getHeader(header, String.class);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(operation + " needs header " + header);
        }
        return v;
    }

    private void initiateJob(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        JobParameters params = jobParameters(in);
        String vault = vault(in);
        InitiateJobResponse r = getEndpoint().glacier().initiateJob(b -> b.accountId(account(in)).vaultName(vault)
                .jobParameters(params));
        Message out = exchange.getMessage();
        out.setHeader(GlacierConstants.VAULT_NAME, vault);
        out.setHeader(GlacierConstants.JOB_ID, r.jobId());
        out.setHeader(GlacierConstants.JOB_LOCATION, r.location());
        out.setHeader(GlacierConstants.JOB_ACTION, "archive-retrieval".equals(params.type()) ? "ArchiveRetrieval"
                : "InventoryRetrieval");
        if (params.archiveId() != null) {
            out.setHeader(GlacierConstants.ARCHIVE_ID, params.archiveId());
        }
        out.setBody(r);
    }

    /** From a JobParameters body, CLI job-parameters JSON in the body, or the headers and options. */
    private JobParameters jobParameters(Message in) throws InvalidPayloadException {
        Object body = in.getBody();
        if (body instanceof JobParameters p) {
            return p;
        }
        if (body instanceof String || body instanceof byte[] || body instanceof InputStream) {
            String text = in.getMandatoryBody(String.class).strip();
            if (text.startsWith("{")) {
                return JobParametersJson.read(text);
            }
        }
        String archiveId = in.getHeader(GlacierConstants.ARCHIVE_ID, String.class);
        String type = in.getHeader(GlacierConstants.JOB_TYPE, String.class);
        if (type == null) {
            type = archiveId != null ? "archive-retrieval" : "inventory-retrieval";
        }
        String tier = in.getHeader(GlacierConstants.TIER, config().getTier(), String.class);
        String sns = in.getHeader(GlacierConstants.SNS_TOPIC, config().getSnsTopic(), String.class);
        JobParameters.Builder b = JobParameters.builder().type(type).tier(tier).snsTopic(sns)
                .description(in.getHeader(GlacierConstants.JOB_DESCRIPTION, String.class));
        if (type.equals("archive-retrieval")) {
            if (archiveId == null) {
                throw new IllegalArgumentException("initiateJob of an archive-retrieval needs header "
                        + GlacierConstants.ARCHIVE_ID + " (or job-parameters JSON in the body)");
            }
            b.archiveId(archiveId).retrievalByteRange(in.getHeader(GlacierConstants.RETRIEVAL_BYTE_RANGE, String.class));
        } else if (type.equals("inventory-retrieval")) {
            b.format(in.getHeader(GlacierConstants.INVENTORY_FORMAT, config().getInventoryFormat(), String.class))
                    .tier(in.getHeader(GlacierConstants.TIER, String.class)); // inventories have no tier unless asked
        } else {
            throw new IllegalArgumentException("header " + GlacierConstants.JOB_TYPE + " is '" + type
                    + "': use archive-retrieval or inventory-retrieval");
        }
        return b.build();
    }

    private void describeJob(Exchange exchange) {
        Message in = exchange.getMessage();
        String vault = vault(in);
        String jobId = required(in, GlacierConstants.JOB_ID, "describeJob");
        DescribeJobResponse d = GlacierRetry.call(getEndpoint().downloadSettings(), "DescribeJob for job " + jobId,
                () -> getEndpoint().glacier().describeJob(b -> b.accountId(account(in)).vaultName(vault).jobId(jobId)));
        in.setHeader(GlacierConstants.VAULT_NAME, vault);
        in.setHeader(GlacierConstants.STATUS_CODE, d.statusCodeAsString());
        in.setHeader(GlacierConstants.STATUS_MESSAGE, d.statusMessage());
        in.setHeader(GlacierConstants.COMPLETED, d.completed());
        in.setHeader(GlacierConstants.JOB_ACTION, d.actionAsString());
        in.setHeader(GlacierConstants.JOB_DESCRIPTION, d.jobDescription());
        if (d.archiveId() != null) {
            in.setHeader(GlacierConstants.ARCHIVE_ID, d.archiveId());
        }
        in.setBody(d);
    }

    private void listJobs(Exchange exchange) {
        Message in = exchange.getMessage();
        String vault = vault(in);
        List<GlacierJobDescription> jobs = new ArrayList<>();
        getEndpoint().glacier().listJobsPaginator(b -> b.accountId(account(in)).vaultName(vault))
                .jobList().forEach(jobs::add);
        in.setHeader(GlacierConstants.VAULT_NAME, vault);
        in.setBody(jobs);
    }

    private void listVaults(Exchange exchange) {
        Message in = exchange.getMessage();
        List<DescribeVaultOutput> vaults = new ArrayList<>();
        getEndpoint().glacier().listVaultsPaginator(b -> b.accountId(account(in))).vaultList().forEach(vaults::add);
        in.setBody(vaults);
    }

    private void getJobOutput(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String vault = vault(in);
        String jobId = required(in, GlacierConstants.JOB_ID, "getJobOutput");
        String range = in.getHeader(GlacierConstants.RANGE, String.class);
        // A part of the output is checked against the archive's tree (its size, where the output starts in
        // it), which only DescribeJob tells; the notice's facts serve the whole output.
        CompletedJob job = range == null ? knownJob(in, account(in), vault, jobId) : null;
        if (job == null) {
            job = CompletedJob.describe(getEndpoint().reads(), account(in), vault, jobId,
                    String.valueOf(config().getRegion()), getEndpoint().downloadSettings());
        }
        Object dir = in.getHeader(GlacierConstants.STAGING_DIRECTORY);
        JobOutputs.Verified v = new JobOutputs(getEndpoint()).fetch(job, range, dir == null ? null : path(dir));
        Object target = in.getHeader(GlacierConstants.OUTPUT_FILE);
        Object body = in.getBody();
        headers(in, job, v);
        if (body instanceof OutputStream os) {
            JobOutputs.copyTo(v.file(), os);
        } else if (target != null) {
            in.setBody(JobOutputs.moveTo(v.file(), path(target)).toFile());
        } else {
            in.setBody(v.file().toFile());
            stagedHeaders(in, v);
        }
    }

    private static Path path(Object o) {
        return o instanceof Path p ? p : o instanceof File f ? f.toPath() : Path.of(o.toString());
    }

    /**
     * The job as the caller already knows it (from its notice: headers CamelGlacierOutputSize and, for an
     * archive, CamelGlacierOutputTreeHash), or null when DescribeJob must tell. The download is checked
     * against these facts, so a wrong one fails the download; it never passes unverified bytes.
     */
    static CompletedJob knownJob(Message in, String account, String vault, String jobId) {
        Long size = in.getHeader(GlacierConstants.OUTPUT_SIZE, Long.class);
        String hash = in.getHeader(GlacierConstants.OUTPUT_TREE_HASH, String.class);
        String action = in.getHeader(GlacierConstants.JOB_ACTION, "ArchiveRetrieval", String.class);
        boolean inventory = "InventoryRetrieval".equals(action);
        if (size == null || (!inventory && hash == null)) {
            return null;
        }
        return new CompletedJob(account, vault, jobId, action, in.getHeader(GlacierConstants.ARCHIVE_ID, String.class),
                null, 0, size, null, hash, null, null, null, in.getHeader(GlacierConstants.JOB_DESCRIPTION, String.class),
                null);
    }

    static void headers(Message m, CompletedJob job, JobOutputs.Verified v) {
        m.setHeader(GlacierConstants.VAULT_NAME, job.vault());
        m.setHeader(GlacierConstants.JOB_ID, job.jobId());
        m.setHeader(GlacierConstants.JOB_ACTION, job.action());
        m.setHeader(GlacierConstants.STATUS_CODE, "Succeeded");
        if (job.archiveId() != null) {
            m.setHeader(GlacierConstants.ARCHIVE_ID, job.archiveId());
        }
        if (job.jobDescription() != null) {
            m.setHeader(GlacierConstants.JOB_DESCRIPTION, job.jobDescription());
        }
        m.setHeader(GlacierConstants.TREE_HASH, v.treeHash());
        m.setHeader(GlacierConstants.CONTENT_LENGTH, v.size());
        m.setHeader(Exchange.FILE_LENGTH, v.size());
        if (v.archiveDescription() != null) {
            m.setHeader(GlacierConstants.ARCHIVE_DESCRIPTION, v.archiveDescription());
        }
        m.setHeader(GlacierConstants.CHUNKS_FETCHED, v.chunksFetched());
        m.setHeader(GlacierConstants.CHUNKS_REUSED, v.chunksReused());
    }

    /** What only a body that is the staged file itself gets: its seal (see {@link io.thaw.glacier.FileSeal}). */
    static void stagedHeaders(Message m, JobOutputs.Verified v) {
        if (v.seal() != null) {
            m.setHeader(GlacierConstants.FILE_SEAL, v.seal());
        }
    }

    private void deleteArchive(Exchange exchange) {
        Message in = exchange.getMessage();
        String vault = vault(in);
        String archiveId = required(in, GlacierConstants.ARCHIVE_ID, "deleteArchive");
        if (!config().isAllowDelete()) {
            throw new IllegalStateException("deleteArchive of archive " + archiveId + " in vault '" + vault + "' refused:"
                    + " deleting cannot be undone, so the endpoint must say allowDelete=true");
        }
        DeleteArchiveResponse r = getEndpoint().glacier().deleteArchive(b -> b.accountId(account(in)).vaultName(vault)
                .archiveId(archiveId));
        in.setHeader(GlacierConstants.VAULT_NAME, vault);
        in.setBody(r);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (getEndpoint().getComponent().isHealthCheckProducerEnabled()) {
            healthRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                    WritableHealthCheckRepository.class);
            if (healthRepository != null) {
                healthCheck = new GlacierHealthCheck(getEndpoint(), config().getVaultName(), false);
                healthRepository.addHealthCheck(healthCheck);
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthRepository != null && healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }
}
