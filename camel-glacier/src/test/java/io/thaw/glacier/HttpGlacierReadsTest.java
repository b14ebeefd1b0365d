package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Faults;
import io.thaw.sandbox.junit.SandboxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * The JDK transport against the sandbox, side by side with the SDK client: the same DescribeJob
 * answers, the same bytes and headers, the same exceptions for Glacier's refusals.
 */
class HttpGlacierReadsTest {

    @RegisterExtension
    static final SandboxExtension aws = SandboxExtension.builder()
            .jobDelays("Expedited=100ms,Standard=100ms,Bulk=100ms").build();
    static GlacierClient glacier;
    static GlacierReads sdk;
    static GlacierReads http;
    static String archiveJob;
    static String rangeJob;
    static String inventoryJob;
    static byte[] bytes;

    @BeforeAll
    static void start(@TempDir Path work) throws Exception {
        glacier = aws.glacier();
        sdk = GlacierReads.sdk(glacier);
        http = new HttpGlacierReads(new SignedHttp(aws.endpoint(), aws.region(), aws.credentials(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 8));
        glacier.createVault(b -> b.accountId("-").vaultName("reads"));
        bytes = new byte[3 << 20];
        new Random(3).nextBytes(bytes);
        Path f = work.resolve("a.bin");
        Files.write(f, bytes);
        String archive = new ArchiveUploader(glacier).upload("reads", f, "photos/a.bin").archiveId();
        archiveJob = job(p -> p.type("archive-retrieval").archiveId(archive).tier("Expedited"));
        rangeJob = job(p -> p.type("archive-retrieval").archiveId(archive).tier("Expedited")
                .retrievalByteRange("1048576-2097151"));
        inventoryJob = job(p -> p.type("inventory-retrieval").tier("Standard").description("weekly")
                .format("CSV"));
    }

    @Test
    void describesEveryKindOfJobAsTheSdkDoes() {
        for (String job : new String[] {archiveJob, rangeJob, inventoryJob}) {
            GlacierReads.DescribedJob viaHttp = http.describeJob("-", "reads", job);
            assertEquals(sdk.describeJob("-", "reads", job), viaHttp);
            assertEquals(Boolean.TRUE, viaHttp.completed());
        }
        assertEquals("CSV", http.describeJob("-", "reads", inventoryJob).inventoryFormat());
        assertEquals("1048576-2097151", http.describeJob("-", "reads", rangeJob).retrievalByteRange());
    }

    @Test
    void readsTheSameBytesAndHeadersAsTheSdk() throws IOException {
        String range = "bytes=1048576-2097151";
        try (GlacierReads.Output viaHttp = http.getJobOutput("-", "reads", archiveJob, range);
             GlacierReads.Output viaSdk = sdk.getJobOutput("-", "reads", archiveJob, range)) {
            assertEquals(viaSdk.checksum(), viaHttp.checksum());
            assertEquals("photos/a.bin", viaHttp.archiveDescription());
            byte[] got = viaHttp.body().readAllBytes();
            assertArrayEquals(viaSdk.body().readAllBytes(), got);
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1 << 20, 2 << 20), got);
        }
        try (GlacierReads.Output whole = http.getJobOutput("-", "reads", archiveJob, null)) {
            assertArrayEquals(bytes, whole.body().readAllBytes());
        }
    }

    @Test
    void throwsGlacierRefusalsAsTheSdkDoes() {
        ResourceNotFoundException viaSdk = assertThrows(ResourceNotFoundException.class,
                () -> sdk.describeJob("-", "reads", "no-such-job"));
        ResourceNotFoundException viaHttp = assertThrows(ResourceNotFoundException.class,
                () -> http.describeJob("-", "reads", "no-such-job"));
        assertEquals(viaSdk.statusCode(), viaHttp.statusCode());
        assertEquals(viaSdk.awsErrorDetails().errorCode(), viaHttp.awsErrorDetails().errorCode());
        assertEquals(viaSdk.awsErrorDetails().errorMessage(), viaHttp.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> http.getJobOutput("-", "nowhere", archiveJob, null));
    }

    @Test
    void throttlingIsAGlacierExceptionTheRetriesRecognise() {
        aws.sandbox().setFaults(Faults.parse("throttle=1,seed=1"));
        try {
            GlacierException e = assertThrows(GlacierException.class, () -> http.describeJob("-", "reads", archiveJob));
            assertTrue(ChunkFailures.retryable(e), e.getMessage());
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        } finally {
            aws.sandbox().setFaults(Faults.NONE);
        }
    }

    /** --verbose shows each request as the SDK's request log does: call, method, path, status; no credentials. */
    @Test
    void logsEachRequestAtDebugWithoutCredentials() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SignedHttp.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        ch.qos.logback.classic.Level before = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            http.describeJob("-", "reads", archiveJob);
            String line = lines.list.get(0).getFormattedMessage();
            assertTrue(line.startsWith("DescribeJob: GET /-/vaults/reads/jobs/") && line.contains(" -> HTTP 200 in "), line);
            assertTrue(!line.contains("Credential") && !line.contains("Signature"), line);
        } finally {
            log.setLevel(before);
            log.detachAppender(lines);
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsAnSdkClientException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        GlacierReads nowhere = new HttpGlacierReads(new SignedHttp(URI.create("http://127.0.0.1:" + port), "us-east-1",
                aws.credentials(), Duration.ofSeconds(2), Duration.ofSeconds(2), 8));
        SdkClientException e = assertThrows(SdkClientException.class, () -> nowhere.describeJob("-", "reads", "j"));
        assertInstanceOf(java.net.ConnectException.class, e.getCause());
    }

    private static String job(java.util.function.Consumer<software.amazon.awssdk.services.glacier.model.JobParameters.Builder> params)
            throws InterruptedException {
        String id = glacier.initiateJob(b -> b.accountId("-").vaultName("reads").jobParameters(params)).jobId();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Boolean.TRUE.equals(glacier.describeJob(b -> b.accountId("-").vaultName("reads").jobId(id)).completed())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("job " + id + " did not complete");
            }
            Thread.sleep(50);
        }
        return id;
    }
}
