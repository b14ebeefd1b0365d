package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.junit.SandboxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobInput;
import software.amazon.awssdk.services.glacier.model.JobParameters;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/** InitiateJob over the JDK transport against the sandbox: the job Glacier starts is the one the SDK would start. */
class HttpJobInitiationTest {

    @RegisterExtension
    static final SandboxExtension aws = SandboxExtension.withDefaults();
    static GlacierClient glacier;
    static JobInitiation http;
    static String archive;

    @BeforeAll
    static void start(@TempDir Path work) throws Exception {
        glacier = aws.glacier();
        http = new HttpJobInitiation(new SignedHttp(aws.endpoint(), aws.region(), aws.credentials(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 8));
        glacier.createVault(b -> b.accountId("-").vaultName("starts"));
        Path f = work.resolve("a.bin");
        Files.write(f, new byte[3 << 20]);
        archive = new ArchiveUploader(glacier).upload("starts", f, "photos/a.bin").archiveId();
    }

    @Test
    void startsAnArchiveRetrievalWithEveryParameterAsGiven() {
        String topic = aws.sns().createTopic(b -> b.name("thaw-jobs")).topicArn(); // Glacier refuses an unknown topic
        String job = http.initiateJob("-", "starts", JobParameters.builder().type("archive-retrieval").archiveId(archive)
                .tier("Bulk").description("thaw run 7 \"quoted\"").snsTopic(topic)
                .retrievalByteRange("1048576-2097151").build());
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId("-").vaultName("starts").jobId(job));
        assertEquals("ArchiveRetrieval", d.actionAsString());
        assertEquals(archive, d.archiveId());
        assertEquals("Bulk", d.tier());
        assertEquals("thaw run 7 \"quoted\"", d.jobDescription());
        assertEquals(topic, d.snsTopic());
        assertEquals("1048576-2097151", d.retrievalByteRange());
    }

    @Test
    void startsAnInventoryRetrievalWithItsFormatAndLimit() {
        String job = http.initiateJob("-", "starts", JobParameters.builder().type("inventory-retrieval").format("CSV")
                .inventoryRetrievalParameters(InventoryRetrievalJobInput.builder().limit("10").build()).build());
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId("-").vaultName("starts").jobId(job));
        assertEquals("InventoryRetrieval", d.actionAsString());
        assertEquals("CSV", d.inventoryRetrievalParameters().format());
        assertEquals("10", d.inventoryRetrievalParameters().limit());
    }

    @Test
    void refusalsAreTheSdksExceptionsSoThePacerJudgesThemAlike() {
        JobParameters p = JobParameters.builder().type("archive-retrieval").archiveId(archive).tier("Bulk").build();
        ResourceNotFoundException viaHttp = assertThrows(ResourceNotFoundException.class,
                () -> http.initiateJob("-", "no-such-vault", p));
        ResourceNotFoundException viaSdk = assertThrows(ResourceNotFoundException.class,
                () -> JobInitiation.sdk(glacier).initiateJob("-", "no-such-vault", p));
        assertEquals(viaSdk.awsErrorDetails().errorMessage(), viaHttp.awsErrorDetails().errorMessage());
        assertEquals(viaSdk.statusCode(), viaHttp.statusCode());

        aws.sandbox().setFaults(Faults.parse("throttle=1,seed=1"));
        try {
            GlacierException e = assertThrows(GlacierException.class, () -> http.initiateJob("-", "starts", p));
            assertTrue(e.isThrottlingException(), e.getMessage()); // what RunPacer.pushBack slows down on
        } finally {
            aws.sandbox().setFaults(Faults.NONE);
        }
    }

    @Test
    void theBodyIsJobParametersAsGlacierNamesThem() {
        String json = new String(HttpJobInitiation.body(JobParameters.builder().type("archive-retrieval")
                .archiveId("a\u00e9").tier("Standard").build()), StandardCharsets.UTF_8);
        assertEquals("{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\u00e9\",\"Tier\":\"Standard\"}", json);
        assertThrows(IllegalArgumentException.class, () -> HttpJobInitiation.body(JobParameters.builder().type("select")
                .selectParameters(s -> s.expression("select * from archive")).build()));
    }
}
