package io.thaw.camel.glacier;

import io.thaw.glacier.ChunkLog;
import io.thaw.glacier.GlacierReads;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The options of a glacier endpoint (and the component's defaults for them). */
@UriParams
public class GlacierConfiguration implements Cloneable {

    @UriPath(description = "The vault. Header CamelGlacierVaultName overrides it per exchange (so a producer may be"
            + " written glacier:*); listVaults ignores it; a consumer whose vault is a single asterisk takes the"
            + " notices of every vault.")
    @Metadata(required = true)
    private String vaultName;

    // ---- common ----
    @UriParam(label = "common", defaultValue = "-", description = "The 12-digit account id owning the vault, or - for"
            + " the account of the credentials.")
    private String accountId = "-";
    @UriParam(label = "common", description = "The AWS region of the vault, e.g. eu-west-1.")
    private String region;
    @UriParam(label = "advanced", description = "A GlacierClient to use instead of building one from these options.")
    @Metadata(autowired = true)
    private GlacierClient glacierClient;
    @UriParam(label = "advanced", description = "The transport of getJobOutput's reads (DescribeJob and ranged"
            + " GetJobOutput), e.g. io.thaw.glacier.HttpGlacierReads: signed GETs on the JDK's HTTP client, less CPU"
            + " per call than the SDK client's pipeline; default: the glacierClient.")
    private GlacierReads glacierReads;
    @UriParam(label = "security", secret = true, description = "AWS access key id.")
    private String accessKey;
    @UriParam(label = "security", secret = true, description = "AWS secret access key.")
    private String secretKey;
    @UriParam(label = "security", secret = true, description = "AWS session token, for temporary credentials.")
    private String sessionToken;
    @UriParam(label = "security", defaultValue = "false", description = "Use the SDK's default credentials provider chain"
            + " (environment, profile, instance role) instead of accessKey/secretKey.")
    private boolean useDefaultCredentialsProvider;
    @UriParam(label = "common", defaultValue = "false", description = "Send requests to uriEndpointOverride instead of"
            + " the region's Glacier (and SQS) endpoint, e.g. a local sandbox.")
    private boolean overrideEndpoint;
    @UriParam(label = "common", description = "The endpoint used when overrideEndpoint is true, e.g. http://localhost:9000.")
    private String uriEndpointOverride;

    // ---- producer ----
    @UriParam(label = "producer", description = "The operation when header CamelGlacierOperation is absent.")
    private GlacierOperations operation;
    @UriParam(label = "producer", enums = "Expedited,Standard,Bulk", defaultValue = "Standard",
              description = "initiateJob: the retrieval tier.")
    private String tier = "Standard";
    @UriParam(label = "producer", description = "initiateJob: the SNS topic ARN Glacier notifies when the job ends.")
    private String snsTopic;
    @UriParam(label = "producer", enums = "JSON,CSV", defaultValue = "JSON",
              description = "initiateJob: the format of an inventory.")
    private String inventoryFormat = "JSON";
    @UriParam(label = "producer", defaultValue = "false", description = "deleteArchive is refused unless this is true:"
            + " a deleted archive cannot be brought back.")
    private boolean allowDelete;

    // ---- download (getJobOutput and the consumer) ----
    @UriParam(label = "common", description = "Where outputs are downloaded and verified before they become the body;"
            + " default: camel-glacier under java.io.tmpdir.")
    private String stagingDirectory;
    @UriParam(label = "common", defaultValue = "32", description = "Outputs are fetched in ranged chunks of this many"
            + " MiB, a power of two (Glacier returns each such chunk's tree hash, so each is verified).")
    private int chunkSizeMib = 32;
    @UriParam(label = "common", defaultValue = "8", description = "Most ranged requests in flight per output (1-64).")
    private int parallelDownloads = 8;
    @UriParam(label = "common", defaultValue = "8", description = "Attempts per chunk (and per DescribeJob) when Glacier"
            + " throttles, fails or sends a corrupt or short body.")
    private int maxAttempts = 8;
    @UriParam(label = "common", defaultValue = "200", description = "First back-off in ms between attempts; doubles per"
            + " attempt, with jitter, up to 30 s.")
    private long backoffMs = 200;
    @UriParam(label = "common", defaultValue = "true", description = "Write whole disk blocks of a multi-chunk output"
            + " with O_DIRECT where the file system has it (less CPU, the page cache left alone); false: through the"
            + " page cache, e.g. when the staging disk is slower than the link.")
    private boolean directIo = true;
    @UriParam(label = "common", defaultValue = "true", description = "Record verified chunks so that a download that"
            + " fails half-way resumes: in the chunkLog bean if one is given, else in files beside the staged output.")
    private boolean resumable = true;
    @UriParam(label = "advanced", description = "Where verified chunks are recorded for resuming (e.g. a job store);"
            + " default: files in the staging directory.")
    private ChunkLog chunkLog;
    @UriParam(label = "advanced", defaultValue = "false", description = "Leave a verified output's chunk records in the"
            + " chunk log instead of clearing them; for a route that hands the staged output on and clears them"
            + " (chunkLog.clearChunks) once it is safe elsewhere, so a crash before then resumes without downloading again.")
    private boolean keepChunkRecords;

    // ---- consumer ----
    @UriParam(label = "consumer", description = "The SQS queue receiving Glacier's job-completion notices (SNS envelope"
            + " or raw delivery). Required by the consumer.")
    private String queueUrl;
    @UriParam(label = "consumer", description = "An SqsClient to use instead of building one from these options.")
    @Metadata(autowired = true)
    private SqsClient sqsClient;
    @UriParam(label = "consumer", defaultValue = "20", description = "Long-poll wait of each ReceiveMessage, 0-20 s.")
    private int waitTimeSeconds = 20;
    @UriParam(label = "consumer", defaultValue = "10", description = "Notices received per poll, 1-10.")
    private int maxMessagesPerPoll = 10;
    @UriParam(label = "consumer", description = "Visibility timeout (s) asked for each received notice; it must cover"
            + " the download and the route. Default: the queue's.")
    private Integer visibilityTimeout;
    @UriParam(label = "consumer", description = "Where notices that can never be used (not JSON, not a Glacier notice) are"
            + " sent, with the reason in message attribute reason, before they are deleted. Without it they stay in the"
            + " queue for its redrive policy.")
    private String poisonQueueUrl;
    @UriParam(label = "consumer", defaultValue = "true", description = "Emit an exchange (no body, status Failed) for a"
            + " job that failed; when false its notice is only logged and deleted.")
    private boolean includeFailedJobs = true;
    @UriParam(label = "consumer", defaultValue = "true", description = "Download and verify a succeeded job's output"
            + " before the exchange; when false the body is the parsed notice (io.thaw.notice.JobNotice) with the same"
            + " job headers, for a route that decides first and then calls getJobOutput.")
    private boolean fetchOutput = true;
    @UriParam(label = "consumer", defaultValue = "false", description = "While a notice is being handled, extend its"
            + " visibility every visibilityTimeout/2 seconds, so a long download is not handed to another consumer."
            + " Needs visibilityTimeout.")
    private boolean extendMessageVisibility;
    @UriParam(label = "consumer", defaultValue = "false", description = "Keep the staged output after the exchange"
            + " completed; by default it is deleted unless the route moved it away.")
    private boolean keepOutput;

    public GlacierConfiguration copy() {
        try {
            return (GlacierConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getVaultName() {
        return vaultName;
    }

    public void setVaultName(String vaultName) {
        this.vaultName = vaultName;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public GlacierClient getGlacierClient() {
        return glacierClient;
    }

    public void setGlacierClient(GlacierClient glacierClient) {
        this.glacierClient = glacierClient;
    }

    public GlacierReads getGlacierReads() {
        return glacierReads;
    }

    public void setGlacierReads(GlacierReads glacierReads) {
        this.glacierReads = glacierReads;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getSessionToken() {
        return sessionToken;
    }

    public void setSessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
    }

    public boolean isUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    public void setUseDefaultCredentialsProvider(boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    public boolean isOverrideEndpoint() {
        return overrideEndpoint;
    }

    public void setOverrideEndpoint(boolean overrideEndpoint) {
        this.overrideEndpoint = overrideEndpoint;
    }

    public String getUriEndpointOverride() {
        return uriEndpointOverride;
    }

    public void setUriEndpointOverride(String uriEndpointOverride) {
        this.uriEndpointOverride = uriEndpointOverride;
    }

    public GlacierOperations getOperation() {
        return operation;
    }

    public void setOperation(GlacierOperations operation) {
        this.operation = operation;
    }

    public String getTier() {
        return tier;
    }

    public void setTier(String tier) {
        this.tier = tier;
    }

    public String getSnsTopic() {
        return snsTopic;
    }

    public void setSnsTopic(String snsTopic) {
        this.snsTopic = snsTopic;
    }

    public String getInventoryFormat() {
        return inventoryFormat;
    }

    public void setInventoryFormat(String inventoryFormat) {
        this.inventoryFormat = inventoryFormat;
    }

    public boolean isAllowDelete() {
        return allowDelete;
    }

    public void setAllowDelete(boolean allowDelete) {
        this.allowDelete = allowDelete;
    }

    public String getStagingDirectory() {
        return stagingDirectory;
    }

    public void setStagingDirectory(String stagingDirectory) {
        this.stagingDirectory = stagingDirectory;
    }

    public int getChunkSizeMib() {
        return chunkSizeMib;
    }

    public void setChunkSizeMib(int chunkSizeMib) {
        this.chunkSizeMib = chunkSizeMib;
    }

    public int getParallelDownloads() {
        return parallelDownloads;
    }

    public void setParallelDownloads(int parallelDownloads) {
        this.parallelDownloads = parallelDownloads;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getBackoffMs() {
        return backoffMs;
    }

    public void setBackoffMs(long backoffMs) {
        this.backoffMs = backoffMs;
    }

    public boolean isDirectIo() {
        return directIo;
    }

    public void setDirectIo(boolean directIo) {
        this.directIo = directIo;
    }

    public boolean isResumable() {
        return resumable;
    }

    public void setResumable(boolean resumable) {
        this.resumable = resumable;
    }

    public boolean isKeepChunkRecords() {
        return keepChunkRecords;
    }

    public void setKeepChunkRecords(boolean keepChunkRecords) {
        this.keepChunkRecords = keepChunkRecords;
    }

    public ChunkLog getChunkLog() {
        return chunkLog;
    }

    public void setChunkLog(ChunkLog chunkLog) {
        this.chunkLog = chunkLog;
    }

    public String getQueueUrl() {
        return queueUrl;
    }

    public void setQueueUrl(String queueUrl) {
        this.queueUrl = queueUrl;
    }

    public SqsClient getSqsClient() {
        return sqsClient;
    }

    public void setSqsClient(SqsClient sqsClient) {
        this.sqsClient = sqsClient;
    }

    public int getWaitTimeSeconds() {
        return waitTimeSeconds;
    }

    public void setWaitTimeSeconds(int waitTimeSeconds) {
        this.waitTimeSeconds = waitTimeSeconds;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public Integer getVisibilityTimeout() {
        return visibilityTimeout;
    }

    public void setVisibilityTimeout(Integer visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
    }

    public String getPoisonQueueUrl() {
        return poisonQueueUrl;
    }

    public void setPoisonQueueUrl(String poisonQueueUrl) {
        this.poisonQueueUrl = poisonQueueUrl;
    }

    public boolean isIncludeFailedJobs() {
        return includeFailedJobs;
    }

    public void setIncludeFailedJobs(boolean includeFailedJobs) {
        this.includeFailedJobs = includeFailedJobs;
    }

    public boolean isFetchOutput() {
        return fetchOutput;
    }

    public void setFetchOutput(boolean fetchOutput) {
        this.fetchOutput = fetchOutput;
    }

    public boolean isExtendMessageVisibility() {
        return extendMessageVisibility;
    }

    public void setExtendMessageVisibility(boolean extendMessageVisibility) {
        this.extendMessageVisibility = extendMessageVisibility;
    }

    public boolean isKeepOutput() {
        return keepOutput;
    }

    public void setKeepOutput(boolean keepOutput) {
        this.keepOutput = keepOutput;
    }
}
