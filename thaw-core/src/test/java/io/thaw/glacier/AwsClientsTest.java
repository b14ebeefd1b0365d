package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.ThawConfig;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** thaw.aws.sqs-endpoint sends SQS alone elsewhere (a VPC endpoint; here ElasticMQ without the sandbox's edge). */
class AwsClientsTest {

    @Test
    void sqsGoesToItsOwnEndpointWhileTheOthersKeepTheCommonOne() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0))) {
            Map<String, String> settings = Map.of(
                    "thaw.aws.endpoint", "http://127.0.0.1:9", // discard port: nothing answers there
                    "thaw.aws.sqs-endpoint", sandbox.sqsDirectEndpoint().toString(),
                    "thaw.aws.region", sandbox.region(),
                    "thaw.aws.sandbox-credentials", "true",
                    "thaw.aws.socket-timeout-seconds", "2");
            AwsClients aws = new AwsClients(ThawConfig.of(settings::get, settings::keySet));
            try (SqsClient sqs = aws.sqs(); GlacierClient glacier = aws.glacier()) {
                String url = sqs.createQueue(b -> b.queueName("direct")).queueUrl();
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
                assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().stream()
                        .anyMatch(m -> m.body().equals("hello")));
                assertThrows(SdkClientException.class, () -> glacier.listVaults(b -> b.accountId("-")),
                        "Glacier still uses thaw.aws.endpoint");
            }
        }
    }
}
