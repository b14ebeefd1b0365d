package io.thaw.camel.glacier;

import io.thaw.glacier.CompletedJob;
import io.thaw.glacier.OutputProblem;
import io.thaw.notice.JobNotice;
import io.thaw.notice.NoticeParser;
import io.thaw.notice.PoisonNoticeException;
import io.thaw.notice.SnsSubscriptionMessageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Receives Glacier job-completion notices from SQS (SNS envelope or raw delivery) and emits one exchange
 * per finished job: for a succeeded job the body is the output, downloaded and verified into the staging
 * directory (a File; an inventory is the inventory document), for a failed one no body. The notice is
 * deleted only when its exchange completed; a failed exchange or download leaves it for SQS to deliver
 * again, and the download then resumes from its verified chunks. A notice that can never be used (not a
 * Glacier notice) goes to {@code poisonQueueUrl} or stays for the queue's redrive policy; polling goes on.
 * With {@code fetchOutput=false} the body is the parsed notice, for a route that calls getJobOutput itself.
 */
public class GlacierConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(GlacierConsumer.class);

    private GlacierHealthCheck healthCheck;
    private java.util.concurrent.ScheduledExecutorService extenders;
    private WritableHealthCheckRepository healthRepository;

    public GlacierConsumer(GlacierEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public GlacierEndpoint getEndpoint() {
        return (GlacierEndpoint) super.getEndpoint();
    }

    private GlacierConfiguration config() {
        return getEndpoint().getConfiguration();
    }

    @Override
    protected int poll() throws Exception {
        GlacierConfiguration c = config();
        ReceiveMessageRequest.Builder req = ReceiveMessageRequest.builder().queueUrl(c.getQueueUrl())
                .maxNumberOfMessages(Math.max(1, Math.min(10, c.getMaxMessagesPerPoll())))
                .waitTimeSeconds(c.getWaitTimeSeconds());
        if (c.getVisibilityTimeout() != null) {
            req.visibilityTimeout(c.getVisibilityTimeout());
        }
        List<software.amazon.awssdk.services.sqs.model.Message> messages = getEndpoint().sqs()
                .receiveMessage(req.build()).messages();
        Queue<Object> batch = new ArrayDeque<>(messages);
        return processBatch(batch);
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        int done = 0;
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            var message = (software.amazon.awssdk.services.sqs.model.Message) exchanges.poll();
            pendingExchanges = total - index - 1;
            if (handle(message)) {
                done++;
            }
        }
        return done;
    }

    /** One notice, its visibility extended meanwhile if asked: true when an exchange was emitted for it. */
    private boolean handle(software.amazon.awssdk.services.sqs.model.Message message) {
        Integer timeout = config().getVisibilityTimeout();
        if (!config().isExtendMessageVisibility() || timeout == null || timeout < 2) {
            return handleNotice(message);
        }
        long period = timeout / 2;
        java.util.concurrent.ScheduledFuture<?> extender = extenders().scheduleAtFixedRate(() -> {
            try {
                getEndpoint().sqs().changeMessageVisibility(b -> b.queueUrl(config().getQueueUrl())
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(timeout));
            } catch (RuntimeException e) {
                LOG.warn("could not extend the visibility of notice {} ({})", message.messageId(), e.toString());
            }
        }, period, period, java.util.concurrent.TimeUnit.SECONDS);
        try {
            return handleNotice(message);
        } finally {
            extender.cancel(false);
        }
    }

    private synchronized java.util.concurrent.ScheduledExecutorService extenders() {
        if (extenders == null) {
            extenders = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "glacier-visibility");
        }
        return extenders;
    }

    private boolean handleNotice(software.amazon.awssdk.services.sqs.model.Message message) {
        JobNotice notice;
        try {
            notice = NoticeParser.parse(message.body());
        } catch (PoisonNoticeException e) {
            poison(message, e.getMessage());
            return false;
        } catch (SnsSubscriptionMessageException e) {
            LOG.info("{}", e.getMessage());
            delete(message);
            return false;
        }
        String vault = config().getVaultName();
        if (!"*".equals(vault) && !vault.equals(notice.vaultName())) {
            LOG.warn("notice {} is for job {} of vault '{}', not '{}': left in the queue for the consumer of that vault"
                    + " (consume with glacier:* to take every vault's notices)", message.messageId(), notice.jobId(),
                    notice.vaultName(), vault);
            return false;
        }
        if (!notice.completed()) {
            LOG.info("notice {}: job {} of vault '{}' is still {}; nothing to fetch, notice deleted", message.messageId(),
                    notice.jobId(), notice.vaultName(), notice.statusCode());
            delete(message);
            return false;
        }
        if (notice.failed() && !config().isIncludeFailedJobs()) {
            LOG.warn("job {} of vault '{}' failed: {}; notice deleted", notice.jobId(), notice.vaultName(),
                    notice.statusMessage());
            delete(message);
            return false;
        }
        Exchange exchange = createExchange(true);
        Message m = exchange.getMessage();
        m.setHeader(GlacierConstants.MESSAGE_ID, message.messageId());
        Path staged = null;
        if (notice.succeeded() && !config().isFetchOutput()) {
            jobHeaders(m, notice);
            m.setBody(notice);
        } else if (notice.succeeded()) {
            CompletedJob job = completedJob(notice);
            JobOutputs.Verified v;
            try {
                v = new JobOutputs(getEndpoint()).fetch(job, null, null);
            } catch (Exception e) {
                // Nothing emitted, notice kept: SQS delivers it again and the download resumes.
                if (e instanceof OutputProblem p && (p.kind() == OutputProblem.Kind.PERMANENT
                        || p.kind() == OutputProblem.Kind.EXPIRED) && config().getPoisonQueueUrl() != null) {
                    poison(message, e.getMessage());
                } else {
                    getExceptionHandler().handleException("output of job " + notice.jobId() + " of vault '"
                            + notice.vaultName() + "' could not be fetched; its notice stays in the queue", exchange, e);
                }
                releaseExchange(exchange, false);
                return false;
            }
            staged = v.file();
            GlacierProducer.headers(m, job, v);
            GlacierProducer.stagedHeaders(m, v);
            m.setBody(staged.toFile());
        } else {
            jobHeaders(m, notice);
        }
        m.setHeader(GlacierConstants.STATUS_CODE, notice.statusCode());
        header(m, GlacierConstants.STATUS_MESSAGE, notice.statusMessage());
        m.setHeader(GlacierConstants.COMPLETED, true);
        m.setHeader(GlacierConstants.ACCOUNT_ID, notice.account());
        Path output = staged;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange e) {
                delete(message);
                if (output != null && !config().isKeepOutput()) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (Exception ex) {
                        LOG.warn("could not remove the staged output {}: {}", output, ex.toString());
                    }
                }
            }

            @Override
            public void onFailure(Exchange e) {
                LOG.warn("exchange for job {} of vault '{}' failed; its notice stays in the queue and comes back after"
                        + " the visibility timeout", notice.jobId(), notice.vaultName());
            }
        });
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("exchange for job " + notice.jobId() + " failed", exchange,
                    exchange.getException());
        }
        return true;
    }

    private static void jobHeaders(Message m, JobNotice notice) {
        m.setHeader(GlacierConstants.VAULT_NAME, notice.vaultName());
        m.setHeader(GlacierConstants.JOB_ID, notice.jobId());
        m.setHeader(GlacierConstants.JOB_ACTION, notice.isInventory() ? "InventoryRetrieval" : "ArchiveRetrieval");
        header(m, GlacierConstants.ARCHIVE_ID, notice.archiveId());
        header(m, GlacierConstants.JOB_DESCRIPTION, notice.jobDescription());
        // what getJobOutput needs to skip DescribeJob
        header(m, GlacierConstants.OUTPUT_SIZE, CompletedJob.outputSize(notice.archiveSizeInBytes(),
                notice.inventorySizeInBytes(), notice.retrievalByteRange(), notice.isInventory()));
        header(m, GlacierConstants.OUTPUT_TREE_HASH, notice.sha256TreeHash());
    }

    /** Headers the notice may lack are left out rather than set to null. */
    private static void header(Message m, String name, Object value) {
        if (value != null) {
            m.setHeader(name, value);
        }
    }

    /** The job as the notice describes it; DescribeJob only when the notice lacks the output's size. */
    private CompletedJob completedJob(JobNotice n) {
        boolean inventory = n.isInventory();
        Long size = CompletedJob.outputSize(n.archiveSizeInBytes(), n.inventorySizeInBytes(), n.retrievalByteRange(),
                inventory);
        if (size == null) {
            return CompletedJob.describe(getEndpoint().reads(), n.account(), n.vaultName(), n.jobId(), n.region(),
                    getEndpoint().downloadSettings());
        }
        long offset = 0;
        String range = n.retrievalByteRange();
        if (!inventory && range != null && range.matches("\\d+-\\d+")) {
            offset = Long.parseLong(range.substring(0, range.indexOf('-')));
        }
        return new CompletedJob(n.account(), n.vaultName(), n.jobId(), inventory ? "InventoryRetrieval" : "ArchiveRetrieval",
                n.archiveId(), n.archiveSizeInBytes(), offset, size, n.archiveSha256TreeHash(), n.sha256TreeHash(), range,
                n.inventoryRetrievalParameters() == null ? null : n.inventoryRetrievalParameters().format(), n.tier(),
                n.jobDescription(), n.completionDate());
    }

    private void poison(software.amazon.awssdk.services.sqs.model.Message message, String reason) {
        String parking = config().getPoisonQueueUrl();
        if (parking == null) {
            LOG.warn("notice {} can never be used ({}); it stays in the queue for its redrive policy (set poisonQueueUrl"
                    + " to park such notices)", message.messageId(), reason);
            return;
        }
        String cut = reason.length() > 250 ? reason.substring(0, 250) : reason;
        getEndpoint().sqs().sendMessage(b -> b.queueUrl(parking).messageBody(message.body())
                .messageAttributes(Map.of("reason", MessageAttributeValue.builder().dataType("String").stringValue(cut)
                        .build())));
        delete(message);
        LOG.warn("notice {} can never be used ({}); moved to {}", message.messageId(), reason, parking);
    }

    private void delete(software.amazon.awssdk.services.sqs.model.Message message) {
        try {
            getEndpoint().sqs().deleteMessage(b -> b.queueUrl(config().getQueueUrl()).receiptHandle(message.receiptHandle()));
        } catch (RuntimeException e) {
            LOG.warn("could not delete notice {} ({}); SQS will deliver it again", message.messageId(), e.toString());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (getEndpoint().getComponent().isHealthCheckConsumerEnabled()) {
            healthRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "components",
                    WritableHealthCheckRepository.class);
            if (healthRepository != null) {
                healthCheck = new GlacierHealthCheck(getEndpoint(), getRouteId(), true);
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
        if (extenders != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(extenders);
            extenders = null;
        }
        super.doStop();
    }
}
