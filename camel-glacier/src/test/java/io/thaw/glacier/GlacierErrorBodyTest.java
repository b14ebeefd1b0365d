package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.LimitExceededException;

/** Glacier's error bodies (glacier-wire.md §3) as the SDK's exceptions, and bodies that are not Glacier's. */
class GlacierErrorBodyTest {

    private static GlacierException of(int status, String body) {
        return GlacierErrorBody.exception(status, "req-1",
                body == null ? null : new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCodeChoosesTheSubclassAndTheDetailsKeepTheServicesWords() {
        GlacierException e = of(400, "{\"code\":\"InvalidParameterValueException\",\"message\":\"The job is not"
                + " currently available for download: j\",\"type\":\"Client\"}");
        assertInstanceOf(InvalidParameterValueException.class, e);
        assertEquals(400, e.statusCode());
        assertEquals("The job is not currently available for download: j", e.awsErrorDetails().errorMessage());
        assertEquals("req-1", e.requestId());
        assertInstanceOf(LimitExceededException.class, of(400, "{\"code\":\"LimitExceededException\",\"message\":\"m\"}"));
    }

    @Test
    void throttlingWithoutItsOwnSubclassIsRetryable() {
        GlacierException e = of(400, "{\"code\":\"ThrottlingException\",\"message\":\"Rate exceeded\",\"type\":\"Client\"}");
        assertEquals(GlacierException.class, e.getClass());
        assertTrue(ChunkFailures.retryable(e));
        assertFalse(ChunkFailures.retryable(of(403, "{\"code\":\"AccessDeniedException\",\"message\":\"no\"}")));
    }

    @Test
    void aBareStatusFromAFrontEndIsWordedByItsStatus() {
        GlacierException e = of(502, null);
        assertTrue(ChunkFailures.retryable(e));
        assertEquals("HTTP 502, no detail from the service [request id req-1]", ServiceAnswer.describe(e));
        assertEquals("HTTP 413 (request too large), no detail from the service [request id req-1]",
                ServiceAnswer.describe(of(413, "<html>too large</html>")));
    }
}
