package io.thaw.notice;

import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a notice whose processing failed. Below {@code thaw.notices.max-receives}
 * receives it is left in the queue (the failure is rethrown) and SQS hands it out again after the
 * visibility timeout. At the limit it is kept with its reason ({@link DeadLetters}) and deleted, so it
 * cannot become a crash loop. The job it names stays in the store, and the reconciler still delivers it.
 */
public final class NoticeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeFailures.class);
    /** Exchange property holding the raw notice, set when the route receives it. */
    public static final String RAW = "thawNotice";

    private final DeadLetters deadLetters;
    private final int maxReceives;

    public NoticeFailures(DeadLetters deadLetters, int maxReceives) {
        this.deadLetters = deadLetters;
        this.maxReceives = maxReceives;
    }

    public void afterFailure(Exchange ex) throws Exception {
        Exception cause = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int receives = receiveCount(ex.getIn().getHeader("CamelAwsSqsAttributes", Map.class));
        String id = ex.getIn().getHeader("CamelAwsSqsMessageId", String.class);
        if (receives < maxReceives) {
            if (io.thaw.deliver.DeliveryFailedException.isReported(cause)) {
                // the Deliverer logged it and recorded it on the job: one line per failed delivery is enough
                LOG.debug("notice {} (receive {} of {}) comes back after the visibility timeout: {}", id, receives,
                        maxReceives, cause.getMessage());
                throw cause;
            }
            LOG.warn("notice {} failed (receive {} of {}): {} — SQS delivers it again after the visibility timeout",
                    id, receives, maxReceives, cause == null ? "?" : cause.getMessage());
            throw cause != null ? cause : new IllegalStateException("notice " + id + " failed");
        }
        String reason = "processing failed on each of " + receives + " receives (thaw.notices.max-receives="
                + maxReceives + "); last error: " + cause;
        String where = deadLetters.keep(ex.getProperty(RAW, String.class), id, reason);
        LOG.error("notice {} gave up after {} receives, kept in {}: {} — its job stays in the store for the"
                + " reconciler", id, receives, where, cause == null ? "?" : cause.getMessage());
    }

    /** SQS's ApproximateReceiveCount; 1 when the attribute is missing (so nothing is dropped early). */
    static int receiveCount(Map<?, ?> attributes) {
        if (attributes != null) {
            for (Map.Entry<?, ?> e : attributes.entrySet()) {
                if ("ApproximateReceiveCount".equalsIgnoreCase(String.valueOf(e.getKey()))) {
                    try {
                        return Integer.parseInt(String.valueOf(e.getValue()).trim());
                    } catch (NumberFormatException ignored) {
                        return 1;
                    }
                }
            }
        }
        return 1;
    }
}
