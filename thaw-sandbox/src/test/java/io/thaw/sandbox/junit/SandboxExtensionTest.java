package io.thaw.sandbox.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The extension as another project's test uses it: one sandbox for the class, clients as parameters. */
class SandboxExtensionTest {

    @RegisterExtension
    static final SandboxExtension aws = SandboxExtension.builder().jobDelays("Expedited=100ms").build();

    @Test
    void parametersAreTheRunningSandboxAndItsClients(Sandbox sandbox, GlacierClient glacier, SnsClient sns, SqsClient sqs) {
        assertSame(aws.sandbox(), sandbox);
        assertSame(aws.glacier(), glacier);
        assertEquals(aws.endpoint(), sandbox.endpoint());
        assertTrue(sandbox.endpoint().getPort() > 0, "a free port: " + sandbox.endpoint());

        glacier.createVault(b -> b.accountId("-").vaultName("ext"));
        assertEquals("ext", glacier.listVaults(b -> b.accountId("-")).vaultList().get(0).vaultName());
        assertThrows(ResourceNotFoundException.class, () -> glacier.describeVault(b -> b.accountId("-").vaultName("none")));
        String topic = sns.createTopic(b -> b.name("t")).topicArn();
        assertTrue(topic.startsWith("arn:aws:sns:" + aws.region() + ":"), topic);
        String queue = sqs.createQueue(b -> b.queueName("q")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("hello"));
        assertEquals("hello", sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages().get(0).body());
    }
}
