package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.ThawConfig;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * thaw.aws.sqs-endpoint sends SQS alone elsewhere (a VPC endpoint; here ElasticMQ without the sandbox's edge);
 * thaw fetch's reads take the JDK transport unless something only the SDK client honours is set.
 */
class AwsClientsTest {

    private static AwsClients aws(Map<String, String> settings) {
        return new AwsClients(ThawConfig.of(settings::get, settings::keySet));
    }

    @Test
    void fetchReadsGoOverTheJdkTransportUnlessTheSdkAloneWouldHonourASetting(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        AwsClients inRegion = aws(Map.of("thaw.aws.region", "eu-west-1"));
        Path noConfig = dir.resolve("absent");
        assertNull(inRegion.sdkOnly(Map.of("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt"), noConfig),
                "the SDK for Java ignores AWS_CA_BUNDLE too");
        assertNull(aws(Map.of("thaw.aws.region", "cn-north-1")).sdkOnly(Map.of(), noConfig));
        assertNull(aws(Map.of("thaw.aws.region", "us-gov-west-1")).sdkOnly(Map.of(), noConfig));
        assertEquals("HTTPS_PROXY is set", inRegion.sdkOnly(Map.of("HTTPS_PROXY", "http://proxy:3128"), noConfig));
        assertEquals("AWS_USE_FIPS_ENDPOINT is set", inRegion.sdkOnly(Map.of("AWS_USE_FIPS_ENDPOINT", "true"), noConfig));
        Path config = Files.writeString(dir.resolve("config"), "[profile vault]\nendpoint_url = https://vpce.example\n");
        assertEquals(config + " sets endpoint_url", inRegion.sdkOnly(Map.of(), config));
        assertEquals("region us-iso-east-1 is outside the aws, aws-cn and aws-us-gov partitions",
                aws(Map.of("thaw.aws.region", "us-iso-east-1")).sdkOnly(Map.of(), noConfig));
        assertNull(aws(Map.of("thaw.aws.region", "us-iso-east-1", "thaw.aws.endpoint", "https://glacier.example"))
                .sdkOnly(Map.of(), noConfig), "an endpoint override needs no partition");
        assertEquals(java.net.URI.create("https://glacier.cn-north-1.amazonaws.com.cn"),
                HttpGlacierReads.endpointFor("cn-north-1"));
        assertEquals(java.net.URI.create("https://glacier.eu-west-1.amazonaws.com"),
                HttpGlacierReads.endpointFor("eu-west-1"));
    }

    @Test
    void sqsGoesToItsOwnEndpointWhileTheOthersKeepTheCommonOne() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0))) {
            Map<String, String> settings = Map.of(
                    "thaw.aws.endpoint", "http://127.0.0.1:9", // discard port: nothing answers there
                    "thaw.aws.sqs-endpoint", sandbox.sqsDirectEndpoint().toString(),
                    "thaw.aws.region", sandbox.region(),
                    "thaw.aws.sandbox-credentials", "true",
                    "thaw.aws.socket-timeout-seconds", "2");
            AwsClients aws = aws(settings);
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
