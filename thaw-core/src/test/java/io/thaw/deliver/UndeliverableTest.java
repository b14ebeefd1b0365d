package io.thaw.deliver;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Which delivery failures make a job FAILED at once, and which leave it to be retried. */
class UndeliverableTest {

    @Test
    void aNameTheDestinationRefusesAsTooLongIsPermanent() {
        String reason = Undeliverable.reason(new IOException("delivery failed",
                new FileSystemException("/out/a/b", null, "File name too long")));
        assertNotNull(reason);
        assertTrue(reason.contains("File name too long") && reason.contains("shorter name"), reason);
        assertNotNull(Undeliverable.reason(new IOException("upload failed: Your key is too long (Service: S3, Status Code: 400)")));
        assertNotNull(Undeliverable.reason(new Undeliverable.UnusableName("requested name '..' has no usable characters")));
    }

    @Test
    void whatAnOperatorOrTimeCanFixIsRetried() {
        assertNull(Undeliverable.reason(new IOException("upload failed", new ConnectException("Connection refused"))));
        assertNull(Undeliverable.reason(new FileSystemException("/out", null, "No space left on device")));
        assertNull(Undeliverable.reason(new NoSuchFileException("/mnt/nas")));
        assertNull(Undeliverable.reason(new IllegalArgumentException("destination 'nas' is not configured")));
    }
}
