package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The sandbox's host name appears in its endpoint and queue URLs (what Docker Compose relies on). */
class SandboxHostTest {

    @Test
    void endpointAndQueueUrlsUseTheHostName() {
        try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withPort(0).withHost("localhost"));
             SqsClient sqs = SqsClient.builder().endpointOverride(s.endpoint()).region(Region.of(s.region()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build()) {
            assertTrue(s.endpoint().toString().startsWith("http://localhost:"), s.endpoint().toString());
            String url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
            assertEquals(s.endpoint() + "/" + s.accountId() + "/q", url);
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
            assertEquals("hello", sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages().get(0).body());
        }
    }
}
