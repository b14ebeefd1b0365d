package io.thaw.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --verbose}: DEBUG for thaw, for the AWS SDK's request log (one line per HTTP request and
 * response; the SDK prints header names, not their values, so no credentials) and Camel's AWS
 * components. THAW_LOG_LEVEL=DEBUG does the first part without a flag.
 */
final class Verbose {

    private Verbose() {
    }

    static void enable() {
        for (String name : new String[] {"io.thaw", "software.amazon.awssdk.request", "org.apache.camel.component.aws2"}) {
            if (LoggerFactory.getLogger(name) instanceof Logger logback) {
                logback.setLevel(Level.DEBUG);
            }
        }
    }
}
