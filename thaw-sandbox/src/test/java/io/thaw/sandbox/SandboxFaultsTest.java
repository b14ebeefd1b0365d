package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;

/** Fault injection: throttling, 500s, truncated and corrupted bodies, deterministic per seed. */
class SandboxFaultsTest {

    static final byte[] DATA = Clients.data(3 * 1024 * 1024 + 5, 11);
    static Sandbox sandbox;
    static GlacierClient glacier;
    static String jobId;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Standard=1h"));
        glacier = Clients.glacierNoRetry(sandbox);
        glacier.createVault(b -> b.vaultName("faulty"));
        String a = glacier.uploadArchive(b -> b.vaultName("faulty").checksum(TreeHash.of(DATA)), RequestBody.fromBytes(DATA))
                .archiveId();
        jobId = glacier.initiateJob(b -> b.vaultName("faulty").jobParameters(p -> p.type("archive-retrieval").archiveId(a)))
                .jobId();
        sandbox.completeJob(jobId);
    }

    @AfterAll
    static void stop() {
        sandbox.setFaults(Faults.NONE);
        glacier.close();
        sandbox.close();
    }

    @Test
    void parseAcceptsTheDocumentedSpecAndRejectsTypos() {
        Faults f = Faults.parse("throttle=0.05,error500=0.05,truncate=0.02,corrupt=0.01,seed=42");
        assertEquals("throttle=0.05,error500=0.05,truncate=0.02,corrupt=0.01,seed=42", f.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> Faults.parse("throtle=0.1"));
        assertTrue(e.getMessage().contains("throtle=0.1"));
        assertThrows(IllegalArgumentException.class, () -> Faults.parse("throttle=0.7,error500=0.7"));
        assertThrows(IllegalArgumentException.class, () -> Faults.parse("seed=x"));
    }

    @Test
    void sameSeedGivesTheSameFaultSequence() {
        List<String> first = outcomes("throttle=0.3,error500=0.3,seed=7");
        List<String> again = outcomes("throttle=0.3,error500=0.3,seed=7");
        List<String> other = outcomes("throttle=0.3,error500=0.3,seed=8");
        assertEquals(first, again);
        assertNotEquals(first, other);
        assertTrue(first.contains("ThrottlingException") && first.contains("ServiceUnavailableException")
                && first.contains("ok"), first.toString());
    }

    /** 40 DescribeJob calls under fresh faults: "ok" or the error code, in order. */
    private static List<String> outcomes(String spec) {
        sandbox.setFaults(Faults.parse(spec));
        long throttlesBefore = sandbox.log().faults(Faults.Kind.THROTTLE);
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                try {
                    glacier.describeJob(b -> b.vaultName("faulty").jobId(jobId));
                    out.add("ok");
                } catch (GlacierException e) {
                    out.add(e.awsErrorDetails().errorCode());
                    assertEquals(e.awsErrorDetails().errorCode().equals("ThrottlingException") ? 400 : 500, e.statusCode());
                }
            }
        } finally {
            sandbox.setFaults(Faults.NONE);
        }
        assertEquals(out.stream().filter("ThrottlingException"::equals).count(),
                sandbox.log().faults(Faults.Kind.THROTTLE) - throttlesBefore);
        return out;
    }

    @Test
    void truncatedBodyPromisesTheFullLengthThenStops() throws Exception {
        sandbox.setFaults(Faults.parse("truncate=1,seed=3"));
        try {
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    Clients.uri(sandbox, "/-/vaults/faulty/jobs/" + jobId + "/output"))
                    .header("x-amz-glacier-version", "2012-06-01").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertEquals(DATA.length, r.headers().firstValueAsLong("Content-Length").orElseThrow());
            long got = 0;
            byte[] buf = new byte[65536];
            try (InputStream in = r.body()) {
                assertThrows(IOException.class, () -> {
                    long n = 0;
                    for (int k; (k = in.read(buf)) >= 0; ) {
                        n += k;
                    }
                    throw new AssertionError("read all " + n + " bytes of a truncated body");
                });
            }
            assertEquals(1, sandbox.log().faults(Faults.Kind.TRUNCATE));
            // the SDK sees the cut too
            assertThrows(Exception.class, () -> glacier.getJobOutputAsBytes(b -> b.vaultName("faulty").jobId(jobId)));
        } finally {
            sandbox.setFaults(Faults.NONE);
        }
        assertArrayEquals(DATA, glacier.getJobOutputAsBytes(b -> b.vaultName("faulty").jobId(jobId)).asByteArray());
    }

    @Test
    void corruptBodyFlipsOneByteAndKeepsTheTrueHash() {
        sandbox.setFaults(Faults.parse("corrupt=1,seed=5"));
        try {
            var out = glacier.getJobOutputAsBytes(b -> b.vaultName("faulty").jobId(jobId).range("bytes=0-1048575"));
            byte[] got = out.asByteArray();
            byte[] want = java.util.Arrays.copyOf(DATA, 1 << 20);
            assertEquals(want.length, got.length);
            int diffs = 0;
            for (int i = 0; i < got.length; i++) {
                diffs += got[i] != want[i] ? 1 : 0;
            }
            assertEquals(1, diffs);
            assertEquals(TreeHash.of(want), out.response().checksum(), "header keeps the true hash");
            assertNotEquals(out.response().checksum(), TreeHash.of(got));
            assertTrue(sandbox.log().faults(Faults.Kind.CORRUPT) >= 1);
        } finally {
            sandbox.setFaults(Faults.NONE);
        }
    }
}
