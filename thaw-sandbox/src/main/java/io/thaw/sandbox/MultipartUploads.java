package io.thaw.sandbox;

import com.sun.net.httpserver.Headers;
import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multipart uploads: parts of 1 MiB × 2^n are written at their offsets into one file per upload
 * (parts may arrive in any order and in parallel; a re-sent part overwrites). Complete checks that the
 * parts tile the archive and that the tree over the part hashes equals the client's tree hash, which
 * holds because power-of-two parts are complete subtrees. Upload metadata lives in memory.
 */
final class MultipartUploads {

    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/\\*");

    private static final class Upload {
        final String vault;
        final long partSize;
        final String description;
        final TreeMap<Long, long[]> partLengths = new TreeMap<>();
        final Map<Long, String> partHashes = new TreeMap<>();

        Upload(String vault, long partSize, String description) {
            this.vault = vault;
            this.partSize = partSize;
            this.description = description;
        }
    }

    private final ArchiveStore store;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    MultipartUploads(ArchiveStore store) {
        this.store = store;
    }

    String initiate(String vault, Headers h) throws IOException {
        String ps = ArchiveStore.required(h, "x-amz-part-size");
        long partSize;
        try {
            partSize = Long.parseLong(ps);
        } catch (NumberFormatException e) {
            partSize = -1;
        }
        if (partSize < TreeHash.LEAF || partSize > (4L << 30) || Long.bitCount(partSize) != 1) {
            throw GlacierException.invalid("Invalid part size: " + ps
                    + " (must be 1 MiB times a power of two, from 1048576 to 4294967296)");
        }
        String id = Ids.uploadId();
        Files.createFile(store.uploadFile(id));
        Files.createFile(LeafHashes.sidecar(store.uploadFile(id)));
        uploads.put(id, new Upload(vault, partSize, ArchiveStore.description(h)));
        return id;
    }

    /** Writes one part; returns the server-computed tree hash of the part. */
    String uploadPart(String vault, String uploadId, Headers h, InputStream body) throws IOException {
        Upload u = get(vault, uploadId);
        String cr = ArchiveStore.required(h, "Content-Range");
        Matcher m = RANGE.matcher(cr.trim());
        if (!m.matches()) {
            throw GlacierException.invalid("Invalid Content-Range: " + cr);
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        long length = ArchiveStore.contentLength(h);
        if (end < start) {
            throw GlacierException.invalid("Invalid Content-Range: " + cr);
        }
        if (end - start + 1 != length) {
            throw GlacierException.invalid("Content-Range: " + cr + " is incompatible with Content-Length: " + length);
        }
        if (start % u.partSize != 0 || length > u.partSize) {
            throw GlacierException.invalid("Invalid Content-Range: " + cr + " (parts of this upload are "
                    + u.partSize + " bytes and must start at a multiple of that size)");
        }
        String treeHash = ArchiveStore.required(h, "x-amz-sha256-tree-hash");
        String contentSha = ArchiveStore.required(h, "x-amz-content-sha256");
        ArchiveStore.Written w;
        try (FileChannel ch = FileChannel.open(store.uploadFile(uploadId), StandardOpenOption.WRITE);
             FileChannel leaves = FileChannel.open(LeafHashes.sidecar(store.uploadFile(uploadId)),
                     StandardOpenOption.WRITE)) {
            w = ArchiveStore.write(body, ch, start, length, leaves);
        }
        ArchiveStore.checkHashes(treeHash, contentSha, w);
        synchronized (u) {
            u.partLengths.put(start, new long[] {length});
            u.partHashes.put(start, w.treeHash());
        }
        return w.treeHash();
    }

    /** Checks size, coverage and tree hash, then files the archive and forgets the upload. */
    VaultStore.Archive complete(String vault, String uploadId, Headers h) throws IOException {
        Upload u = get(vault, uploadId);
        String sizeHeader = ArchiveStore.required(h, "x-amz-archive-size");
        String treeHash = ArchiveStore.required(h, "x-amz-sha256-tree-hash");
        long size;
        try {
            size = Long.parseLong(sizeHeader.trim());
        } catch (NumberFormatException e) {
            throw GlacierException.invalid("Invalid x-amz-archive-size: " + sizeHeader);
        }
        List<byte[]> hashes = new ArrayList<>();
        synchronized (u) {
            for (long off = 0; off < size || (size == 0 && off == 0); off += u.partSize) {
                long want = Math.min(u.partSize, size - off);
                long[] got = u.partLengths.get(off);
                if (got == null || got[0] != want) {
                    throw GlacierException.invalid("Invalid x-amz-archive-size: " + size + " (no part of " + want
                            + " bytes at offset " + off + " has been uploaded)");
                }
                hashes.add(TreeHash.fromHex(u.partHashes.get(off)));
                if (size == 0) {
                    break;
                }
            }
            if (u.partLengths.lastKey() >= size && size > 0) {
                throw GlacierException.invalid("Invalid x-amz-archive-size: " + size
                        + " (a part was uploaded at offset " + u.partLengths.lastKey() + ")");
            }
        }
        String actual = TreeHash.toHex(TreeHash.combine(hashes));
        if (!actual.equalsIgnoreCase(treeHash.trim())) {
            throw GlacierException.invalid("Invalid x-amz-sha256-tree-hash: " + treeHash);
        }
        if (uploads.remove(uploadId) == null) {
            throw GlacierException.notFound("The upload ID was not found: " + uploadId);
        }
        String id = Ids.archiveId();
        Path file = store.archiveFile(id);
        try (FileChannel ch = FileChannel.open(store.uploadFile(uploadId), StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
        Path leaves = LeafHashes.sidecar(store.uploadFile(uploadId));
        try (FileChannel ch = FileChannel.open(leaves, StandardOpenOption.WRITE)) {
            ch.truncate((size + TreeHash.LEAF - 1) / TreeHash.LEAF * 32); // a re-sent shorter last part
        }
        Files.move(leaves, LeafHashes.sidecar(file), StandardCopyOption.ATOMIC_MOVE);
        Files.move(store.uploadFile(uploadId), file, StandardCopyOption.ATOMIC_MOVE);
        return new VaultStore.Archive(id, u.description, Instant.now(), size, actual, file);
    }

    void abort(String vault, String uploadId) throws IOException {
        get(vault, uploadId);
        uploads.remove(uploadId);
        Files.deleteIfExists(store.uploadFile(uploadId));
        LeafHashes.delete(store.uploadFile(uploadId));
    }

    private Upload get(String vault, String uploadId) {
        Upload u = uploads.get(uploadId);
        if (u == null || !u.vault.equals(vault)) {
            throw GlacierException.notFound("The upload ID was not found: " + uploadId);
        }
        return u;
    }
}
