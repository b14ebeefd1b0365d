package io.thaw.sandbox;

import com.sun.net.httpserver.Headers;
import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Archive bytes on disk under the data dir: {@code archives/<archiveId>}, {@code uploads/<uploadId>}
 * (multipart parts written at their offsets into one file) and {@code outputs/<jobId>} (inventories).
 * Bodies are streamed to disk through a fixed buffer while both hashes are computed, never held whole.
 */
final class ArchiveStore {

    /** Bytes written and the hashes computed on the way. */
    record Written(long size, String treeHash, String sha256) { }

    private final Path archives;
    private final Path uploads;
    private final Path outputs;

    ArchiveStore(Path root) {
        archives = root.resolve("archives");
        uploads = root.resolve("uploads");
        outputs = root.resolve("outputs");
        try {
            Files.createDirectories(archives);
            Files.createDirectories(uploads);
            Files.createDirectories(outputs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox data dir " + root, e);
        }
    }

    Path archiveFile(String id) {
        return archives.resolve(id);
    }

    Path uploadFile(String uploadId) {
        return uploads.resolve(uploadId);
    }

    Path outputFile(String jobId) {
        return outputs.resolve(jobId);
    }

    /** UploadArchive: streams the body to a temp file, checks both hashes, then files it under its id. */
    VaultStore.Archive upload(String vault, Headers h, InputStream body) throws IOException {
        String treeHash = required(h, "x-amz-sha256-tree-hash");
        String contentSha = required(h, "x-amz-content-sha256");
        String description = description(h);
        long length = contentLength(h);
        Path tmp = uploads.resolve(Ids.uploadId() + ".tmp");
        Path tmpLeaves = LeafHashes.sidecar(tmp);
        try {
            Written w;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 FileChannel leaves = FileChannel.open(tmpLeaves, StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE)) {
                w = write(body, ch, 0, length, leaves);
            }
            checkHashes(treeHash, contentSha, w);
            String id = Ids.archiveId();
            Path file = archiveFile(id);
            Files.move(tmpLeaves, LeafHashes.sidecar(file), StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return new VaultStore.Archive(id, description, Instant.now(), w.size(), w.treeHash(), file);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmpLeaves);
        }
    }

    static void checkHashes(String treeHash, String contentSha, Written w) {
        if (!treeHash.equalsIgnoreCase(w.treeHash())) {
            throw GlacierException.invalid("Checksum mismatch: expected " + treeHash + ", computed " + w.treeHash());
        }
        if (!contentSha.equalsIgnoreCase(w.sha256())) {
            throw GlacierException.invalid("Checksum mismatch: x-amz-content-sha256 expected " + contentSha
                    + ", computed " + w.sha256());
        }
    }

    /**
     * Copies exactly {@code length} bytes from {@code in} to the channel at {@code position}, hashing them;
     * the leaf hashes met on the way go to {@code leaves} (the sidecar, see LeafHashes) at the same position.
     */
    static Written write(InputStream in, FileChannel ch, long position, long length, FileChannel leaves)
            throws IOException {
        TreeHash tree = LeafHashes.recording(leaves, position);
        MessageDigest linear = TreeHash.sha256();
        byte[] buf = new byte[Replies.BUFFER];
        long done = 0;
        while (done < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - done));
            if (n < 0) {
                throw GlacierException.invalid("Request body ended after " + done + " of " + length + " bytes");
            }
            tree.update(buf, 0, n);
            linear.update(buf, 0, n);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                ch.write(bb, position + done + (n - bb.remaining()));
            }
            done += n;
        }
        return new Written(done, tree.hex(), HexFormat.of().formatHex(linear.digest()));
    }

    static String required(Headers h, String name) {
        String v = h.getFirst(name);
        if (v == null || v.isBlank()) {
            throw GlacierException.missing(name);
        }
        return v.trim();
    }

    static long contentLength(Headers h) {
        String v = h.getFirst("Content-Length");
        if (v == null) {
            throw GlacierException.missing("Content-Length");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw GlacierException.invalid("Invalid Content-Length: " + v);
        }
    }

    static String description(Headers h) {
        String d = h.getFirst("x-amz-archive-description");
        if (d != null && (d.length() > 1024 || !d.chars().allMatch(c -> c >= 0x20 && c <= 0x7e))) {
            throw GlacierException.invalid("Invalid archive description: at most 1024 printable ASCII characters");
        }
        return d;
    }
}
