package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class VerboseTest {

    @Test
    void verboseTurnsOnThawsAndTheSdksRequestLog() {
        Logger thaw = (Logger) LoggerFactory.getLogger("io.thaw");
        Logger sdk = (Logger) LoggerFactory.getLogger("software.amazon.awssdk.request");
        Level thawBefore = thaw.getLevel();
        Level sdkBefore = sdk.getLevel();
        try {
            Verbose.enable();
            assertTrue(LoggerFactory.getLogger("io.thaw.notice.NoticeHandler").isDebugEnabled());
            assertTrue(LoggerFactory.getLogger("software.amazon.awssdk.request").isDebugEnabled());
        } finally {
            thaw.setLevel(thawBefore);
            sdk.setLevel(sdkBefore);
            ((Logger) LoggerFactory.getLogger("org.apache.camel.component.aws2")).setLevel(null);
        }
    }
}
