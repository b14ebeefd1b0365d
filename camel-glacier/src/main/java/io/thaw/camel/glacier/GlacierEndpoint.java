package io.thaw.camel.glacier;

import io.thaw.glacier.ChunkLog;
import io.thaw.glacier.DownloadSettings;
import io.thaw.glacier.FileChunkLog;
import io.thaw.glacier.GlacierReads;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Start, list and describe Amazon S3 Glacier jobs, download their output verified by SHA-256 tree hash,
 * and receive job-completion notices from SQS.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "glacier", title = "AWS S3 Glacier", syntax = "glacier:vaultName",
             category = { Category.CLOUD, Category.FILE }, headersClass = GlacierConstants.class)
public class GlacierEndpoint extends ScheduledPollEndpoint {

    /** Download options named as this component's users write them, for error messages. */
    static final DownloadSettings.Keys KEYS = new DownloadSettings.Keys("chunkSizeMib", "parallelDownloads",
            "maxAttempts", "backoffMs");

    @UriParam
    private final GlacierConfiguration configuration;

    private GlacierClient glacier;
    private GlacierReads reads;
    private SqsClient sqs;
    private boolean ownGlacier;
    private boolean ownSqs;

    public GlacierEndpoint(String uri, GlacierComponent component, GlacierConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
        setDelay(0); // the consumer long-polls SQS itself (waitTimeSeconds)
    }

    @Override
    public GlacierComponent getComponent() {
        return (GlacierComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new GlacierProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (configuration.getQueueUrl() == null) {
            throw new IllegalArgumentException("glacier consumer of vault '" + configuration.getVaultName() + "' needs"
                    + " queueUrl: the SQS queue subscribed to the SNS topic Glacier notifies");
        }
        GlacierConsumer consumer = new GlacierConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        glacier = configuration.getGlacierClient();
        if (glacier == null) {
            glacier = GlacierClients.glacier(configuration);
            ownGlacier = true;
        }
        reads = configuration.getGlacierReads() != null ? configuration.getGlacierReads() : GlacierReads.sdk(glacier);
    }

    @Override
    protected void doStop() throws Exception {
        if (ownGlacier && glacier != null) {
            glacier.close();
        }
        if (ownSqs && sqs != null) {
            sqs.close();
        }
        glacier = null;
        reads = null;
        sqs = null;
        super.doStop();
    }

    public GlacierConfiguration getConfiguration() {
        return configuration;
    }

    public GlacierClient glacier() {
        return glacier;
    }

    /** The reads of getJobOutput: the glacierReads option, else the Glacier client. */
    public GlacierReads reads() {
        return reads;
    }

    /** The SQS client, built on first use (only consumers need one). */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = configuration.getSqsClient();
            if (sqs == null) {
                sqs = GlacierClients.sqs(configuration);
                ownSqs = true;
            }
        }
        return sqs;
    }

    /** The endpoint's download settings; errors name this component's options. */
    DownloadSettings downloadSettings() {
        return new DownloadSettings(configuration.getChunkSizeMib() * DownloadSettings.MIB,
                configuration.getParallelDownloads(), configuration.getMaxAttempts(),
                Duration.ofMillis(configuration.getBackoffMs()), DownloadSettings.MAX_BACKOFF, configuration.isDirectIo(),
                KEYS);
    }

    Path stagingDirectory() {
        String dir = configuration.getStagingDirectory();
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "camel-glacier");
    }

    /** The chunk log option, else files beside the staged outputs in {@code stagingDir}. */
    ChunkLog chunkLog(Path stagingDir) {
        if (!configuration.isResumable()) {
            return ChunkLog.NONE;
        }
        return configuration.getChunkLog() != null ? configuration.getChunkLog() : new FileChunkLog(stagingDir);
    }
}
