package io.thaw.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %msg} with {@link LogText#escapeTerminal} applied, so that no raw terminal escape
 * sequence reaches the log from any logger (thaw's, Camel's, the AWS SDK's). Registered as {@code msg}
 * by thaw-app's {@code ThawLogConfigurator}.
 */
public final class SafeMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escapeTerminal(super.convert(event));
    }
}
