package io.thaw.sandbox;

import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Uploads a file to a Glacier vault with the SDK's {@link GlacierClient}, streaming from disk: one
 * UploadArchive up to 64 MiB, else a multipart upload with power-of-two-MiB parts (a few in flight).
 * Computes the tree hashes itself (the SDK does not); the SDK signer adds x-amz-content-sha256.
 * Used by the demo, thaw's tests and benchmarks, against the sandbox or real Glacier.
 */
public final class ArchiveUploader {

    /** The created archive. */
    public record Uploaded(String archiveId, String treeHash, long size) { }

    public static final long SINGLE_UPLOAD_LIMIT = 64L << 20;
    private static final int PARALLEL_PARTS = 3;

    private final GlacierClient glacier;

    public ArchiveUploader(GlacierClient glacier) {
        this.glacier = glacier;
    }

    public Uploaded upload(String vault, Path file, String description) throws IOException {
        long size = Files.size(file);
        return size <= SINGLE_UPLOAD_LIMIT ? single(vault, file, size, description) : multipart(vault, file, size, description);
    }

    /** Part size for an archive: a power-of-two MiB, at least 16 MiB, at most 10,000 parts. */
    public static long partSizeFor(long size) {
        long part = 16L << 20;
        while (part * 10_000 < size) {
            part <<= 1;
        }
        return part;
    }

    private Uploaded single(String vault, Path file, long size, String description) throws IOException {
        String hash = TreeHash.of(file);
        var r = glacier.uploadArchive(b -> b.vaultName(vault).checksum(hash).archiveDescription(description),
                RequestBody.fromContentProvider(segment(file, 0, size), size, "application/octet-stream"));
        return new Uploaded(r.archiveId(), hash, size);
    }

    private Uploaded multipart(String vault, Path file, long size, String description) throws IOException {
        long partSize = partSizeFor(size);
        String uploadId = glacier.initiateMultipartUpload(b -> b.vaultName(vault).partSize(Long.toString(partSize))
                .archiveDescription(description)).uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_PARTS);
        try {
            List<Future<byte[]>> parts = new ArrayList<>();
            for (long off = 0; off < size; off += partSize) {
                long start = off;
                long len = Math.min(partSize, size - off);
                parts.add(pool.submit(() -> part(vault, uploadId, file, start, len)));
            }
            List<byte[]> hashes = new ArrayList<>();
            for (Future<byte[]> f : parts) {
                hashes.add(f.get());
            }
            String hash = TreeHash.toHex(TreeHash.combine(hashes));
            var r = glacier.completeMultipartUpload(b -> b.vaultName(vault).uploadId(uploadId)
                    .archiveSize(Long.toString(size)).checksum(hash));
            return new Uploaded(r.archiveId(), hash, size);
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            try {
                glacier.abortMultipartUpload(b -> b.vaultName(vault).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // the original failure is what the caller needs to see
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("uploading " + file + " to vault '" + vault + "' failed: " + cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] part(String vault, String uploadId, Path file, long start, long len) throws IOException {
        byte[] hash = TreeHash.of(file, start, len);
        glacier.uploadMultipartPart(b -> b.vaultName(vault).uploadId(uploadId)
                        .range("bytes " + start + "-" + (start + len - 1) + "/*").checksum(TreeHash.toHex(hash)),
                RequestBody.fromContentProvider(segment(file, start, len), len, "application/octet-stream"));
        return hash;
    }

    /** A re-openable stream over [start, start+len) of the file (the signer reads it once, the upload again). */
    private static ContentStreamProvider segment(Path file, long start, long len) {
        return () -> {
            try {
                return new Segment(FileChannel.open(file, StandardOpenOption.READ), start, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static final class Segment extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        Segment(FileChannel ch, long start, long len) {
            this.ch = ch;
            this.pos = start;
            this.end = start + len;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
            if (n < 0) {
                throw new IOException("file ended early at byte " + pos);
            }
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
