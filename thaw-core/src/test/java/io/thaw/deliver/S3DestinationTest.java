package io.thaw.deliver;

import io.thaw.glacier.TreeHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3DestinationTest {

    static final String BUCKET = "thaw-restore";

    @TempDir
    static Path tmp;
    static S3TestServer server;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer(Files.createDirectories(tmp.resolve("s3data")));
        s3 = server.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    /** Records the headers of every request the destination's client sends. */
    static final class Wire implements ExecutionInterceptor {
        final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission ctx, ExecutionAttributes attrs) {
            requests.add(ctx.httpRequest());
        }
    }

    @Test
    void multipartUploadLandsWithBytesMetadataStorageClassAndChecksums() throws Exception {
        Path file = tmp.resolve("big.bin");
        long size = 2 * S3Destination.MIN_PART_SIZE + 12_345;   // three parts
        String sha = TestFiles.generate(file, size, 11);
        String treeHash = TreeHash.of(file);
        Instant mtime = Instant.parse("2018-03-04T05:06:07.5Z");
        Wire wire = new Wire();
        try (S3Client client = server.client(wire)) {
            S3Destination dest = new S3Destination(client, BUCKET, "restored", StorageClass.STANDARD_IA, "123456789012");

            Delivered d = dest.deliver(file, new Delivery("été/naïve ☃.bin", size, treeHash, mtime, "photos", "arch-42", "job-7"));

            String key = "restored/été/naïve ☃.bin";
            assertEquals("s3://" + BUCKET + "/" + key, d.location());
            try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key(key))) {
                assertEquals(sha, TestFiles.sha256(in));
            }
            HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(key));
            assertEquals(size, head.contentLength());
            assertEquals(Map.of("glacier-archive-id", "arch-42", "glacier-tree-hash", treeHash, "mtime", "1520139967.5"),
                    head.metadata());
            // s3proxy's filesystem store keeps no storage class (HEAD says STANDARD): checked on the wire below
            assertTrue(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty());
        }
        List<SdkHttpRequest> parts = wire.requests.stream().filter(r -> r.rawQueryParameters().containsKey("partNumber")).toList();
        assertEquals(3, parts.size(), "three UploadPart requests");
        for (SdkHttpRequest r : parts) {
            assertTrue(r.firstMatchingHeader("x-amz-checksum-sha256").isPresent(), "part carries its SHA-256: " + r.headers().keySet());
        }
        SdkHttpRequest create = wire.requests.get(0);
        assertEquals(Optional.of("SHA256"), create.firstMatchingHeader("x-amz-checksum-algorithm"));
        assertEquals(Optional.of("STANDARD_IA"), create.firstMatchingHeader("x-amz-storage-class"));
        for (SdkHttpRequest r : wire.requests) {
            assertEquals(Optional.of("123456789012"), r.firstMatchingHeader("x-amz-expected-bucket-owner"), r.encodedPath());
        }
    }

    @Test
    void smallFileIsOnePutObject() throws Exception {
        Path file = tmp.resolve("small.bin");
        String sha = TestFiles.generate(file, 1000, 12);
        Wire wire = new Wire();
        try (S3Client client = server.client(wire)) {
            new S3Destination(client, BUCKET, "", null, null)
                    .deliver(file, new Delivery("a/small.bin", 1000, TreeHash.of(file), null, "v", "arch", "job"));
        }
        try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key("a/small.bin"))) {
            assertEquals(sha, TestFiles.sha256(in));
        }
        // one PutObject, then the HeadObject that checks the size S3 stored
        assertEquals(List.of("PUT", "HEAD"), wire.requests.stream().map(r -> r.method().name()).toList());
        assertTrue(wire.requests.get(0).firstMatchingHeader("x-amz-checksum-sha256").isPresent());
    }

    /** The second part's body breaks off mid-stream, as when the connection drops. */
    static final class BreakSecondPart implements ExecutionInterceptor {
        @Override
        public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest ctx, ExecutionAttributes attrs) {
            if (ctx.request() instanceof UploadPartRequest r && r.partNumber() == 2 && ctx.requestBody().isPresent()) {
                RequestBody body = ctx.requestBody().get();
                long length = body.optionalContentLength().orElseThrow();
                return Optional.of(RequestBody.fromContentProvider(() -> new FilterInputStream(body.contentStreamProvider().newStream()) {
                    long read;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (read > length / 2) {
                            throw new IOException("connection reset (injected by the test)");
                        }
                        int n = super.read(b, off, len);
                        read += Math.max(n, 0);
                        return n;
                    }
                }, length, "application/octet-stream"));
            }
            return ctx.requestBody();
        }
    }

    @Test
    void failureMidUploadLeavesNoObjectAndNoOpenUpload() throws Exception {
        Path file = tmp.resolve("fails.bin");
        long size = 3 * S3Destination.MIN_PART_SIZE;
        TestFiles.generate(file, size, 13);
        try (S3Client client = server.client(new BreakSecondPart())) {
            S3Destination dest = new S3Destination(client, BUCKET, "x/", null, null);

            IOException e = assertThrows(IOException.class,
                    () -> dest.deliver(file, new Delivery("fails.bin", size, "00", null, "v", "arch", "job")));

            assertTrue(e.getMessage().contains("s3://" + BUCKET + "/x/fails.bin"), e.getMessage());
        }
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key("x/fails.bin")));
        assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads());
    }

    @Test
    void serverDyingMidUploadLeavesNoObjectAndReportsTheFailedAbort() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("dying"));
        Path file = tmp.resolve("dies.bin");
        long size = 3 * S3Destination.MIN_PART_SIZE;
        TestFiles.generate(file, size, 15);
        S3TestServer dying = new S3TestServer(data);
        ExecutionInterceptor stopAfterFirstPart = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
                if (ctx.request() instanceof UploadPartRequest r && r.partNumber() == 1) {
                    try {
                        dying.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        try (S3Client client = dying.client(stopAfterFirstPart)) {
            client.createBucket(b -> b.bucket("dying"));
            S3Destination dest = new S3Destination(client, "dying", "", null, null);

            IOException e = assertThrows(IOException.class,
                    () -> dest.deliver(file, new Delivery("dies.bin", size, "00", null, "v", "arch", "job")));

            assertTrue(Arrays.stream(e.getCause().getSuppressed()).anyMatch(t -> Arrays.stream(t.getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("abortMultipartUpload"))), "the abort was tried and its failure kept");
        } finally {
            dying.close();
        }
        assertFalse(Files.exists(data.resolve("dying").resolve("dies.bin")), "no object under the final name");
        assertTrue(Files.isDirectory(data.resolve("dying")), "the bucket folder exists, so the check above looks in the right place");
    }

    @Test
    void refusesAFileWhoseSizeIsNotTheVerifiedSize() throws Exception {
        Path file = tmp.resolve("short.bin");
        TestFiles.generate(file, 100, 14);
        S3Destination dest = new S3Destination(s3, BUCKET, "", null, null);
        IOException e = assertThrows(IOException.class,
                () -> dest.deliver(file, new Delivery("short.bin", 101, "00", null, "v", "a", "j")));
        assertTrue(e.getMessage().contains("holds 100 bytes but the verified archive has 101"), e.getMessage());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key("short.bin")));
    }

    @Test
    void refusesArchivesOver5TiBAndSizesPartsToFit() {
        S3Destination.checkFits(5L << 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Destination.checkFits((5L << 40) + 1));
        assertTrue(e.getMessage().contains("larger than 5 TiB") && e.getMessage().contains("folder, FTP or SFTP"), e.getMessage());

        assertEquals(8L << 20, S3Destination.partSize(1L << 30));
        for (long size : new long[]{1, 80L << 30, 100L << 30, (5L << 40) - 1, 5L << 40}) {
            long part = S3Destination.partSize(size);
            assertTrue(part >= 8L << 20 && part % (1 << 20) == 0);
            assertTrue((size + part - 1) / part <= 10_000, size + " needs at most 10,000 parts of " + part);
        }
    }

    @Test
    void refusesUnsafeKeys() {
        S3Destination dest = new S3Destination(s3, BUCKET, "p/", null, null);
        assertThrows(IllegalArgumentException.class, () -> dest.key("../other"));
        assertEquals("p/a/b", dest.key("a/b"));
    }

    @Test
    void uploadsLeftByAStoppedProcessAreAbortedAndOthersKept() {
        S3Destination dest = new S3Destination(s3, BUCKET, "swept", null, null);
        String stale = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("swept/orphan.bin")).uploadId();
        s3.uploadPart(b -> b.bucket(BUCKET).key("swept/orphan.bin").uploadId(stale).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1, 2, 3}));
        String elsewhere = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("other/keep.bin")).uploadId();
        assertEquals(0, dest.abortUploadsStartedBefore(java.time.Instant.now().minusSeconds(3600)), "recent: kept");
        assertEquals(1, dest.abortUploadsStartedBefore(java.time.Instant.now().plusSeconds(60)));
        var left = s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                .map(u -> u.uploadId()).toList();
        assertTrue(!left.contains(stale) && left.contains(elsewhere), "left: " + left);
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("other/keep.bin").uploadId(elsewhere));
    }
}
