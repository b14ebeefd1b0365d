package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

/** {@code thaw sandbox --link}: a per-connection rate cap and an added round trip before each response. */
class SandboxLinkTest {

    static final int SIZE = 12 << 20;
    static final long RATE = 16L << 20;

    @Test
    void parsesTheDocumentedSpecAndNamesWhatIsWrong() {
        LinkModel l = LinkModel.parse("rate=40MiB/s,rtt=40ms");
        assertEquals(40L << 20, l.bytesPerSecond());
        assertEquals(Duration.ofMillis(40), l.rtt());
        assertEquals(1_500_000, LinkModel.parse("rate=1.5MB/s").bytesPerSecond());
        var e = assertThrows(IllegalArgumentException.class, () -> LinkModel.parse("rate=40MiBps"));
        assertTrue(e.getMessage().contains("40MiBps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkModel.parse("rtt=40"));
        assertThrows(IllegalArgumentException.class, () -> LinkModel.parse("delay=4ms"));
    }

    @Test
    void oneConnectionIsCappedAtTheRateWithin15PercentAndWaitsARoundTripFirst() throws Exception {
        byte[] data = Clients.data(SIZE, 5);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Standard=1h"));
             GlacierClient glacier = Clients.glacier(sandbox)) {
            glacier.createVault(b -> b.vaultName("far"));
            String a = glacier.uploadArchive(b -> b.vaultName("far").checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data)).archiveId();
            String job = glacier.initiateJob(b -> b.vaultName("far").jobParameters(p -> p.type("archive-retrieval")
                    .archiveId(a))).jobId();
            sandbox.completeJob(job);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(Clients.uri(sandbox, "/-/vaults/far/jobs/" + job + "/output"))
                    .header("x-amz-glacier-version", "2012-06-01").build();
            long unlimited = timeBody(http, get)[1];

            sandbox.setLink(LinkModel.parse("rate=16MiB/s,rtt=200ms"));
            long[] t = timeBody(http, get); // {to the headers, first to last byte, bytes after the first read}
            double rate = t[2] / (t[1] / 1e9);
            assertTrue(Math.abs(rate - RATE) <= 0.15 * RATE, "one connection's rate " + (long) rate
                    + " B/s is not within 15 % of the cap " + RATE + " (unlimited body took " + unlimited / 1e6 + " ms)");
            assertTrue(t[0] >= 200_000_000L, "the added round trip: first byte after " + t[0] / 1e6 + " ms");

            sandbox.setLink(LinkModel.NONE);
            assertTrue(timeBody(http, get)[0] < 200_000_000L, "no link model: no added round trip");
        }
    }

    /**
     * GETs the output on one connection; answers {nanos to the headers, nanos from the first read to the
     * last byte, bytes after the first read}.
     */
    private static long[] timeBody(HttpClient http, HttpRequest get) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
        long headers = System.nanoTime() - t0;
        assertEquals(200, r.statusCode());
        byte[] buf = new byte[65536];
        long total = 0;
        long first = 0;
        long firstBytes = 0;
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (total == 0 && n > 0) {
                    first = System.nanoTime();
                    firstBytes = n;
                }
                total += n;
            }
        }
        assertEquals(SIZE, total);
        return new long[] {headers, System.nanoTime() - first, total - firstBytes};
    }
}
