package io.thaw.camel.glacier;

import org.apache.camel.spi.Metadata;

/** Headers the glacier component reads and sets. */
public final class GlacierConstants {

    @Metadata(label = "producer", description = "The operation to perform; overrides the operation option.",
              javaType = "io.thaw.camel.glacier.GlacierOperations")
    public static final String OPERATION = "CamelGlacierOperation";
    @Metadata(description = "The vault; overrides the vault name of the endpoint (producer). Set on every exchange.",
              javaType = "String")
    public static final String VAULT_NAME = "CamelGlacierVaultName";
    @Metadata(description = "The 12-digit account owning the vault, or - for the credentials' own account.",
              javaType = "String")
    public static final String ACCOUNT_ID = "CamelGlacierAccountId";
    @Metadata(description = "The job: read by describeJob and getJobOutput, set by initiateJob and the consumer.",
              javaType = "String", important = true)
    public static final String JOB_ID = "CamelGlacierJobId";
    @Metadata(description = "The archive: read by initiateJob (archive retrieval) and deleteArchive; set for archive jobs.",
              javaType = "String", important = true)
    public static final String ARCHIVE_ID = "CamelGlacierArchiveId";
    @Metadata(label = "producer", description = "initiateJob: archive-retrieval (default when an archive id is given) or"
            + " inventory-retrieval.", javaType = "String")
    public static final String JOB_TYPE = "CamelGlacierJobType";
    @Metadata(description = "Retrieval tier: Expedited, Standard or Bulk; overrides the tier option.", javaType = "String")
    public static final String TIER = "CamelGlacierTier";
    @Metadata(label = "producer", description = "initiateJob: the SNS topic Glacier notifies when the job ends;"
            + " overrides the snsTopic option.", javaType = "String")
    public static final String SNS_TOPIC = "CamelGlacierSnsTopic";
    @Metadata(label = "producer", description = "initiateJob: the archive byte range to retrieve (start-end, inclusive,"
            + " megabyte aligned).", javaType = "String")
    public static final String RETRIEVAL_BYTE_RANGE = "CamelGlacierRetrievalByteRange";
    @Metadata(label = "producer", description = "getJobOutput: bytes a-b (inclusive) of the job output to fetch; only"
            + " tree-hash aligned ranges are accepted, so they can be verified.", javaType = "String")
    public static final String RANGE = "CamelGlacierRange";
    @Metadata(label = "producer", description = "initiateJob: the inventory format, JSON or CSV.", javaType = "String")
    public static final String INVENTORY_FORMAT = "CamelGlacierInventoryFormat";
    @Metadata(description = "The job description (initiateJob reads it, describeJob and the consumer set it).",
              javaType = "String")
    public static final String JOB_DESCRIPTION = "CamelGlacierJobDescription";
    @Metadata(label = "producer", description = "getJobOutput: where the verified output is moved (File, Path or"
            + " String); without it the body is the verified file in the staging directory.", javaType = "Object")
    public static final String OUTPUT_FILE = "CamelGlacierOutputFile";
    @Metadata(label = "producer", description = "getJobOutput: the output's size in bytes as the job-completion notice"
            + " gave it; with it (and CamelGlacierOutputTreeHash for an archive) no DescribeJob is made for the whole"
            + " output. Set by the consumer with fetchOutput=false.", javaType = "Long")
    public static final String OUTPUT_SIZE = "CamelGlacierOutputSize";
    @Metadata(label = "producer", description = "getJobOutput: the output's SHA-256 tree hash as the notice gave it (the"
            + " job's SHA256TreeHash); the download must match it.", javaType = "String")
    public static final String OUTPUT_TREE_HASH = "CamelGlacierOutputTreeHash";
    @Metadata(label = "producer", description = "getJobOutput: the folder to download and verify in, instead of the"
            + " stagingDirectory option (e.g. one on the target's file system, so handing the file on is a rename).",
              javaType = "Object")
    public static final String STAGING_DIRECTORY = "CamelGlacierStagingDirectory";
    @Metadata(description = "The job's action: ArchiveRetrieval or InventoryRetrieval (getJobOutput reads it with"
            + " CamelGlacierOutputSize).", javaType = "String")
    public static final String JOB_ACTION = "CamelGlacierJobAction";
    @Metadata(description = "The job's status: InProgress, Succeeded or Failed.", javaType = "String", important = true)
    public static final String STATUS_CODE = "CamelGlacierStatusCode";
    @Metadata(description = "Glacier's status message of the job.", javaType = "String")
    public static final String STATUS_MESSAGE = "CamelGlacierStatusMessage";
    @Metadata(description = "Whether the job has finished.", javaType = "Boolean")
    public static final String COMPLETED = "CamelGlacierCompleted";
    @Metadata(label = "producer", description = "initiateJob: the job's location (URI path) as Glacier returned it.",
              javaType = "String")
    public static final String JOB_LOCATION = "CamelGlacierJobLocation";
    @Metadata(description = "The SHA-256 tree hash of the verified output (for an inventory, computed from its bytes).",
              javaType = "String", important = true)
    public static final String TREE_HASH = "CamelGlacierTreeHash";
    @Metadata(description = "Bytes of the verified output.", javaType = "Long", important = true)
    public static final String CONTENT_LENGTH = "CamelGlacierContentLength";
    @Metadata(description = "The archive description Glacier returned with the output.", javaType = "String")
    public static final String ARCHIVE_DESCRIPTION = "CamelGlacierArchiveDescription";
    @Metadata(description = "Chunks downloaded for this output (the rest were reused from the chunk log).",
              javaType = "Integer")
    public static final String CHUNKS_FETCHED = "CamelGlacierChunksFetched";
    @Metadata(description = "Chunks of an earlier, interrupted download reused after re-hashing them on disk.",
              javaType = "Integer")
    public static final String CHUNKS_REUSED = "CamelGlacierChunksReused";
    @Metadata(description = "When the body is the staged file of a multi-chunk output: its seal (device, inode, size,"
            + " modification and change time) as verified, every byte hashed as the file was given it (O_DIRECT) or"
            + " as read back from it. While"
            + " FileSeal.matches(file) holds, the file is unchanged and a delivery by rename need not read it again.",
              javaType = "io.thaw.glacier.FileSeal")
    public static final String FILE_SEAL = "CamelGlacierFileSeal";
    @Metadata(label = "consumer", description = "The SQS message id of the notice.", javaType = "String")
    public static final String MESSAGE_ID = "CamelGlacierMessageId";

    private GlacierConstants() {
    }
}
