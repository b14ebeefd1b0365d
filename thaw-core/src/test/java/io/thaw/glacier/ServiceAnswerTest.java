package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.glacier.model.GlacierException;

class ServiceAnswerTest {

    @Test
    void anAnswerWithoutABodyStillSaysWhatHappened() {
        GlacierException bare = (GlacierException) GlacierException.builder().statusCode(413).requestId("r-1").build();
        assertEquals("HTTP 413 (request too large), no detail from the service [request id r-1]",
                ServiceAnswer.describe(bare));
    }

    @Test
    void theServicesOwnCodeAndWordsAreKept() {
        GlacierException e = (GlacierException) GlacierException.builder().statusCode(400).awsErrorDetails(
                AwsErrorDetails.builder().errorCode("LimitExceededException").errorMessage("too many jobs").build()).build();
        assertEquals("HTTP 400 (bad request) LimitExceededException: too many jobs", ServiceAnswer.describe(e));
    }
}
