package io.thaw.notice;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * The notice receiver's pace: after a receive that brought some notices but not a full batch (10), it
 * waits {@code lingerMs} before the next, so the next receive finds a batch instead of the one or two
 * notices that arrived meanwhile. A full batch is followed at once (a backlog drains at full speed) and
 * an empty long poll already waited. Without it a receiver that hands notices off at once asks SQS about
 * once per notice — each a request for SQS and for thaw — instead of once per ten.
 */
public final class NoticePolls implements PollingConsumerPollStrategy {

    /** SQS's largest batch: ReceiveMessage returns at most 10 messages. */
    static final int FULL = 10;

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
        if (lingerMs > 0 && polledMessages > 0 && polledMessages < FULL) {
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
}
