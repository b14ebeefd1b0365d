package io.thaw.notice;

import io.thaw.deliver.DeliveryFailedException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS consumer's exception handler: a notice whose processing failed stays in the queue and comes
 * back — the consumer says so in a line of its own for every failure. A failed delivery was already
 * reported once by the Deliverer, so that is only DEBUG here; anything else is one WARN line, the stack
 * trace at DEBUG.
 */
public final class ConsumerFailures implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerFailures.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (DeliveryFailedException.isReported(exception)) {
            LOG.debug("{}: {}", message, exception.getMessage());
            return;
        }
        LOG.warn("{}: {}", message, exception == null ? "?" : exception.getMessage());
        LOG.debug("stack trace", exception);
    }
}
