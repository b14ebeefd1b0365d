package io.thaw.notice;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledBatchPollingConsumer;

/**
 * The notice receiver's pace: after a receive that brought some notices but not a full batch (the
 * consumer's maxMessagesPerPoll, 10: SQS's largest), it
 * waits {@code lingerMs} before the next, so the next receive finds a batch instead of the one or two
 * notices that arrived meanwhile. A full batch is followed at once (a backlog drains at full speed) and
 * an empty long poll already waited. Without it a receiver that hands notices off at once asks SQS about
 * once per notice — each a request for SQS and for thaw — instead of once per ten.
 */
public final class NoticePolls implements PollingConsumerPollStrategy {

    private final long lingerMs;

    public NoticePolls(long lingerMs) {
        this.lingerMs = lingerMs;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (lingerMs > 0 && polledMessages > 0 && polledMessages < full(consumer)) {
            try {
                Thread.sleep(lingerMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: poll no more
            }
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false; // as Camel's default: no retry here; the consumer's exception handler reports it
    }

    /** The most one receive can bring: the batch consumer's own limit. */
    private static int full(Consumer consumer) {
        return consumer instanceof ScheduledBatchPollingConsumer b && b.getMaxMessagesPerPoll() > 0
                ? b.getMaxMessagesPerPoll() : Integer.MAX_VALUE;
    }
}
