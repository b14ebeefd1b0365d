package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.MissingParameterValueException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/** Vaults, single and multipart uploads, archive deletion: SDK v2 GlacierClient against the sandbox. */
class SandboxVaultsTest {

    static Sandbox sandbox;
    static GlacierClient glacier;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults());
        glacier = Clients.glacier(sandbox);
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sandbox.close();
    }

    @Test
    void createDescribeAndDeleteVault() {
        var created = glacier.createVault(b -> b.vaultName("photos"));
        assertEquals("/123456789012/vaults/photos", created.location());
        glacier.createVault(b -> b.vaultName("photos")); // idempotent
        DescribeVaultResponse d = glacier.describeVault(b -> b.vaultName("photos"));
        assertEquals("arn:aws:glacier:us-east-1:123456789012:vaults/photos", d.vaultARN());
        assertEquals("photos", d.vaultName());
        assertEquals(0L, d.numberOfArchives());
        assertEquals(0L, d.sizeInBytes());
        assertNull(d.lastInventoryDate());
        assertTrue(d.creationDate().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), d.creationDate());
        glacier.deleteVault(b -> b.vaultName("photos"));
        var e = assertThrows(ResourceNotFoundException.class, () -> glacier.describeVault(b -> b.vaultName("photos")));
        assertEquals("Vault not found for ARN: arn:aws:glacier:us-east-1:123456789012:vaults/photos",
                e.awsErrorDetails().errorMessage());
        assertEquals(404, e.statusCode());
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
    }

    @Test
    void listVaultsPagesWithMarker() {
        for (String v : List.of("page-c", "page-a", "page-e", "page-b", "page-d")) {
            glacier.createVault(b -> b.vaultName(v));
        }
        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            var r = glacier.listVaults(b -> b.limit("2").marker(m));
            assertTrue(r.vaultList().size() <= 2);
            r.vaultList().forEach(v -> names.add(v.vaultName()));
            marker = r.marker();
            pages++;
        } while (marker != null);
        List<String> mine = names.stream().filter(n -> n.startsWith("page-")).toList();
        assertEquals(List.of("page-a", "page-b", "page-c", "page-d", "page-e"), mine);
        assertTrue(pages >= 3);
        // the SDK paginator agrees
        long viaPaginator = glacier.listVaultsPaginator(b -> b.limit("2")).vaultList().stream()
                .filter(v -> v.vaultName().startsWith("page-")).count();
        assertEquals(5, viaPaginator);
    }

    @Test
    void deleteVaultFailsWhileItHoldsArchives() {
        glacier.createVault(b -> b.vaultName("full"));
        byte[] data = Clients.data(1000, 1);
        var up = glacier.uploadArchive(b -> b.vaultName("full").checksum(TreeHash.of(data)), RequestBody.fromBytes(data));
        var e = assertThrows(InvalidParameterValueException.class, () -> glacier.deleteVault(b -> b.vaultName("full")));
        assertEquals("Vault not empty or recently written to: arn:aws:glacier:us-east-1:123456789012:vaults/full",
                e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
        glacier.deleteArchive(b -> b.vaultName("full").archiveId(up.archiveId()));
        glacier.deleteArchive(b -> b.vaultName("full").archiveId(up.archiveId())); // idempotent
        glacier.deleteVault(b -> b.vaultName("full"));
    }

    @Test
    void uploadArchiveChecksHashesAndReturnsIds() {
        glacier.createVault(b -> b.vaultName("up"));
        byte[] data = Clients.data(3 * 1024 * 1024 + 17, 2);
        String hash = TreeHash.of(data);
        var r = glacier.uploadArchive(b -> b.vaultName("up").checksum(hash).archiveDescription("three MiB"),
                RequestBody.fromBytes(data));
        assertEquals(138, r.archiveId().length());
        assertTrue(r.archiveId().matches("[A-Za-z0-9_-]+"));
        assertEquals(hash, r.checksum());
        assertEquals("/123456789012/vaults/up/archives/" + r.archiveId(), r.location());
        var d = glacier.describeVault(b -> b.vaultName("up"));
        assertEquals(1L, d.numberOfArchives());
        assertEquals((long) data.length, d.sizeInBytes());

        String wrong = TreeHash.of(new byte[] {1});
        var e = assertThrows(InvalidParameterValueException.class, () -> glacier.uploadArchive(
                b -> b.vaultName("up").checksum(wrong), RequestBody.fromBytes(data)));
        assertEquals("Checksum mismatch: expected " + wrong + ", computed " + hash, e.awsErrorDetails().errorMessage());

        var missing = assertThrows(MissingParameterValueException.class, () -> glacier.uploadArchive(
                b -> b.vaultName("up"), RequestBody.fromBytes(data)));
        assertEquals("Required parameter missing: x-amz-sha256-tree-hash", missing.awsErrorDetails().errorMessage());

        var noVault = assertThrows(ResourceNotFoundException.class, () -> glacier.uploadArchive(
                b -> b.vaultName("nope").checksum(hash), RequestBody.fromBytes(data)));
        assertTrue(noVault.awsErrorDetails().errorMessage().endsWith(":vaults/nope"));
        assertEquals(1L, glacier.describeVault(b -> b.vaultName("up")).numberOfArchives());
    }

    @Test
    void contentSha256IsChecked() throws Exception {
        glacier.createVault(b -> b.vaultName("linear"));
        byte[] data = "hello world".getBytes();
        HttpResponse<String> r = rawUpload("linear", data, TreeHash.of(data), "00".repeat(32));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"code\":\"InvalidParameterValueException\""), r.body());
        assertTrue(r.body().contains("\"type\":\"Client\""), r.body());
        HttpResponse<String> ok = rawUpload("linear", data, TreeHash.of(data),
                "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        assertEquals(201, ok.statusCode(), ok.body());
        assertEquals("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
                ok.headers().firstValue("x-amz-sha256-tree-hash").orElseThrow());
        assertEquals(138, ok.headers().firstValue("x-amz-archive-id").orElseThrow().length());
    }

    private static HttpResponse<String> rawUpload(String vault, byte[] data, String tree, String linear) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(Clients.uri(sandbox, "/-/vaults/" + vault + "/archives"))
                .header("x-amz-glacier-version", "2012-06-01").header("x-amz-sha256-tree-hash", tree)
                .header("x-amz-content-sha256", linear).POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void missingVersionHeaderAndForeignAccountAreRejected() throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Clients.uri(sandbox, "/-/vaults")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertEquals("{\"code\":\"MissingParameterValueException\",\"message\":\"Required parameter missing: API version\","
                + "\"type\":\"Client\"}", r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());

        var e = assertThrows(GlacierException.class,
                () -> glacier.listVaults(b -> b.accountId("999999999999")));
        assertEquals(403, e.statusCode());
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        assertNotNull(glacier.listVaults(b -> b.accountId("123456789012")).vaultList());
    }

    @Test
    void multipartUploadAssemblesPartsInAnyOrder() throws Exception {
        glacier.createVault(b -> b.vaultName("multi"));
        int mib = 1 << 20;
        byte[] data = Clients.data(5 * mib + 123, 3);
        long part = 2L * mib;
        String up = glacier.initiateMultipartUpload(b -> b.vaultName("multi").partSize(Long.toString(part))
                .archiveDescription("five")).uploadId();
        assertEquals(92, up.length());
        for (int start : new int[] {4 * mib, 0, 2 * mib}) { // out of order on purpose
            int len = (int) Math.min(part, data.length - start);
            byte[] chunk = java.util.Arrays.copyOfRange(data, start, start + len);
            var r = glacier.uploadMultipartPart(b -> b.vaultName("multi").uploadId(up)
                    .range("bytes " + start + "-" + (start + len - 1) + "/*").checksum(TreeHash.of(chunk)),
                    RequestBody.fromBytes(chunk));
            assertEquals(TreeHash.of(chunk), r.checksum());
        }
        var bad = assertThrows(InvalidParameterValueException.class, () -> glacier.completeMultipartUpload(
                b -> b.vaultName("multi").uploadId(up).archiveSize(Integer.toString(data.length))
                        .checksum(TreeHash.of(new byte[1]))));
        assertEquals("Invalid x-amz-sha256-tree-hash: " + TreeHash.of(new byte[1]), bad.awsErrorDetails().errorMessage());
        // the upload stays open after a failed Complete
        var done = glacier.completeMultipartUpload(b -> b.vaultName("multi").uploadId(up)
                .archiveSize(Integer.toString(data.length)).checksum(TreeHash.of(data)));
        assertEquals(138, done.archiveId().length());
        assertEquals(TreeHash.of(data), done.checksum());
        Path file = sandbox.dataDir().resolve("archives").resolve(done.archiveId());
        assertEquals(TreeHash.of(data), TreeHash.of(file));
        assertEquals(data.length, Files.size(file));
        assertThrows(ResourceNotFoundException.class, () -> glacier.abortMultipartUpload(
                b -> b.vaultName("multi").uploadId(up)));
    }

    @Test
    void multipartRejectsBadPartSizesRangesAndGaps() {
        glacier.createVault(b -> b.vaultName("multibad"));
        var ps = assertThrows(InvalidParameterValueException.class, () -> glacier.initiateMultipartUpload(
                b -> b.vaultName("multibad").partSize(Long.toString(3L << 20))));
        assertTrue(ps.awsErrorDetails().errorMessage().startsWith("Invalid part size: 3145728"));
        String up = glacier.initiateMultipartUpload(b -> b.vaultName("multibad").partSize("1048576")).uploadId();
        byte[] chunk = Clients.data(1 << 20, 4);
        var misaligned = assertThrows(InvalidParameterValueException.class, () -> glacier.uploadMultipartPart(
                b -> b.vaultName("multibad").uploadId(up).range("bytes 1000-1049575/*").checksum(TreeHash.of(chunk)),
                RequestBody.fromBytes(chunk)));
        assertTrue(misaligned.awsErrorDetails().errorMessage().startsWith("Invalid Content-Range: bytes 1000-1049575/*"));
        var wrongHash = assertThrows(InvalidParameterValueException.class, () -> glacier.uploadMultipartPart(
                b -> b.vaultName("multibad").uploadId(up).range("bytes 0-1048575/*").checksum(TreeHash.of(new byte[2])),
                RequestBody.fromBytes(chunk)));
        assertTrue(wrongHash.awsErrorDetails().errorMessage().startsWith("Checksum mismatch"));
        glacier.uploadMultipartPart(b -> b.vaultName("multibad").uploadId(up).range("bytes 2097152-3145727/*")
                .checksum(TreeHash.of(chunk)), RequestBody.fromBytes(chunk));
        var gap = assertThrows(InvalidParameterValueException.class, () -> glacier.completeMultipartUpload(
                b -> b.vaultName("multibad").uploadId(up).archiveSize("3145728").checksum(TreeHash.of(chunk))));
        assertTrue(gap.awsErrorDetails().errorMessage().contains("no part of 1048576 bytes at offset 0"),
                gap.awsErrorDetails().errorMessage());
        var missing = assertThrows(MissingParameterValueException.class, () -> glacier.completeMultipartUpload(
                b -> b.vaultName("multibad").uploadId(up).archiveSize("3145728")));
        assertEquals("Required parameter missing: x-amz-sha256-tree-hash", missing.awsErrorDetails().errorMessage());
        glacier.abortMultipartUpload(b -> b.vaultName("multibad").uploadId(up));
        var gone = assertThrows(GlacierException.class, () -> glacier.uploadMultipartPart(
                b -> b.vaultName("multibad").uploadId(up).range("bytes 0-1048575/*").checksum(TreeHash.of(chunk)),
                RequestBody.fromBytes(chunk)));
        assertEquals(404, gone.statusCode());
    }

    @Test
    void partLengthMustMatchContentRange() throws Exception {
        glacier.createVault(b -> b.vaultName("partlen"));
        String up = glacier.initiateMultipartUpload(b -> b.vaultName("partlen").partSize("4194304")).uploadId();
        byte[] body = Clients.data(3146447, 5);
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Clients.uri(sandbox, "/-/vaults/partlen/multipart-uploads/" + up))
                .header("x-amz-glacier-version", "2012-06-01").header("Content-Range", "bytes 0-4194303/*")
                .header("x-amz-sha256-tree-hash", TreeHash.of(body)).header("x-amz-content-sha256", TreeHash.of(body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertEquals("{\"code\":\"InvalidParameterValueException\",\"message\":\"Content-Range: bytes 0-4194303/* is "
                + "incompatible with Content-Length: 3146447\",\"type\":\"Client\"}", r.body());
    }
}
