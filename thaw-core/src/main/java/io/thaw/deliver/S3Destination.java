package io.thaw.deliver;

import io.thaw.glacier.TreeHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers into an S3 bucket under {@code prefix + relativeName}. Files up to one part go in a single
 * PutObject; larger ones as a multipart upload read part by part straight from the file (never the
 * whole archive in memory), each part carrying its SHA-256 checksum. S3 shows the object only once
 * CompleteMultipartUpload succeeds; on any failure the upload is aborted so no parts are left billed.
 */
public final class S3Destination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(S3Destination.class);

    /** S3's largest object: 5 TiB. */
    public static final long MAX_OBJECT_SIZE = 5L << 40;
    static final int MAX_PARTS = 10_000;
    static final long MIN_PART_SIZE = 8L << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final StorageClass storageClass;
    private final String expectedBucketOwner;
    private final long maxObjectSize;
    private volatile boolean headDenied;

    /**
     * @param prefix              key prefix; a non-empty prefix without a trailing '/' gets one
     * @param storageClass        null for the bucket default (STANDARD)
     * @param expectedBucketOwner account id the bucket must belong to, or null to not check
     */
    public S3Destination(S3Client s3, String bucket, String prefix, StorageClass storageClass,
                         String expectedBucketOwner) {
        this(s3, bucket, prefix, storageClass, expectedBucketOwner, MAX_OBJECT_SIZE);
    }

    /** @param maxObjectSize largest object to upload (thaw.s3.max-object-bytes; at most S3's 5 TiB) */
    public S3Destination(S3Client s3, String bucket, String prefix, StorageClass storageClass,
                         String expectedBucketOwner, long maxObjectSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? nullToEmpty(prefix) : prefix + "/";
        this.storageClass = storageClass;
        this.expectedBucketOwner = expectedBucketOwner;
        this.maxObjectSize = Math.min(maxObjectSize, MAX_OBJECT_SIZE);
    }

    /**
     * Refuses archives S3 cannot hold as one object. Call it before starting a Glacier retrieval, so
     * nobody pays for a retrieval whose output cannot be delivered.
     */
    public static void checkFits(long size) {
        if (size > MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException(tooLarge(size, MAX_OBJECT_SIZE, "S3"));
        }
    }

    /** A configured object size limit: a positive number of bytes, at most S3's 5 TiB. */
    static long parseMaxObjectSize(String key, String value) {
        long max;
        try {
            max = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max <= 0 || max > MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException(key + "=" + value + " is not a positive number of bytes up to S3's limit"
                    + " of 5 TiB — e.g. " + MAX_OBJECT_SIZE + " (5 TiB) or lower for an S3-compatible server");
        }
        return max;
    }

    /** The refusal message for output over {@code max} bytes bound for {@code where}. */
    static String tooLarge(long size, long max, String where) {
        String limit = max == MAX_OBJECT_SIZE ? "5 TiB (" + max + " bytes), the largest object S3 can store"
                : max + " bytes, the S3 object limit set by " + Destinations.MAX_S3_OBJECT_KEY;
        return "output of " + size + " bytes cannot go to " + where + ": it is larger than " + limit
                + " — deliver it to a folder, FTP or SFTP destination instead";
    }

    /** Billed requests of one upload: a PutObject, or create + parts + complete of a multipart upload. */
    public static long requests(long size) {
        return size <= MIN_PART_SIZE ? 1 : 2 + (size + partSize(size) - 1) / partSize(size);
    }

    /** Part size: at least 8 MiB, grown in whole MiB so that the file fits in 10,000 parts. */
    static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1L << 20;
        long rounded = (needed + mib - 1) / mib * mib;
        return Math.max(MIN_PART_SIZE, rounded);
    }

    public String key(String relativeName) {
        return prefix + RelativeName.check(relativeName);
    }

    @Override
    public Delivered deliver(Path verifiedFile, Delivery delivery) throws IOException {
        String key = key(delivery.relativeName());
        long size = SizeCheck.require(verifiedFile, delivery, "s3://" + bucket + "/" + key);
        if (size > maxObjectSize) {
            throw new IllegalArgumentException(tooLarge(size, maxObjectSize, "s3://" + bucket + "/" + key));
        }
        try {
            if (size <= MIN_PART_SIZE) {
                putSingle(verifiedFile, size, key, delivery);
            } else {
                putMultipart(verifiedFile, size, key, delivery);
            }
            checkStoredSize(key, size);
        } catch (SdkException e) {
            throw new IOException("upload to s3://" + bucket + "/" + key + " failed: " + e.getMessage()
                    + " — check the bucket name, thaw.aws.region/endpoint and the credentials' s3:PutObject permission", e);
        }
        return new Delivered("s3://" + bucket + "/" + key, size);
    }

    /** Streams the object back (GetObject); a missing object is a NoSuchFileException. */
    @Override
    public java.io.InputStream openDelivered(String location) throws IOException {
        String expected = "s3://" + bucket + "/";
        if (!location.startsWith(expected)) {
            throw new IOException(location + " is not in bucket " + bucket);
        }
        String key = location.substring(expected.length());
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(expectedBucketOwner));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            throw new java.nio.file.NoSuchFileException(location, null, "S3 says: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw new IOException("cannot read " + location + " back: " + e.getMessage(), e);
        }
    }


    /**
     * The object S3 now shows must have the verified size; if not (a server that dropped bytes) it is
     * removed again rather than left under the final key.
     */
    private void checkStoredSize(String key, long size) throws IOException {
        Long stored;
        try {
            stored = s3.headObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(expectedBucketOwner)).contentLength();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            // a write-only policy: the per-part SHA-256 checksums S3 verified stand for the size check
            if (!headDenied) {
                headDenied = true;
                LOG.info("s3://{}: HeadObject is not allowed (403), so the size S3 stored is not checked after upload;"
                        + " allow s3:GetObject on the destination to have it checked", bucket);
            }
            return;
        }
        if (stored == null || stored != size) {
            s3.deleteObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(expectedBucketOwner));
            throw new IOException("s3://" + bucket + "/" + key + " holds " + stored + " bytes after the upload, not the "
                    + size + " sent — removed again; the delivery is retried");
        }
    }

    // The SHA-256 sent with each part is computed in the same pass as the tree hash, and S3 refuses a
    // part whose bytes do not match it: so the tree hash checked by Delivery#confirm is the stored bytes'.
    private void putSingle(Path file, long size, String key, Delivery delivery) throws IOException {
        TreeHash tree = new TreeHash();
        String checksum = sha256Base64(file, 0, size, tree);
        delivery.confirm(size, tree.hex(), "s3://" + bucket + "/" + key);
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size).metadata(metadata(delivery))
                        .storageClass(storageClass).expectedBucketOwner(expectedBucketOwner)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                RequestBody.fromContentProvider(new FileRegion(file, 0, size), size, "application/octet-stream"));
    }

    private void putMultipart(Path file, long size, String key, Delivery delivery) throws IOException {
        long partSize = partSize(size);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata(delivery))
                .storageClass(storageClass).expectedBucketOwner(expectedBucketOwner)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        try {
            TreeHash tree = new TreeHash();
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                String checksum = sha256Base64(file, offset, length, tree);
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength(length).expectedBucketOwner(expectedBucketOwner)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                        RequestBody.fromContentProvider(new FileRegion(file, offset, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).checksumSHA256(checksum).build());
                LOG.debug("s3://{}/{}: part {} ({} bytes) uploaded", bucket, key, partNumber, length);
            }
            delivery.confirm(size, tree.hex(), "s3://" + bucket + "/" + key); // before S3 shows the object
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .expectedBucketOwner(expectedBucketOwner).multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /**
     * Aborts multipart uploads under this destination's prefix begun before {@code before}: what a killed
     * process leaves behind (its parts stay billed until aborted). Answers how many were aborted.
     */
    public int abortUploadsStartedBefore(java.time.Instant before) {
        int aborted = 0;
        for (var u : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)
                .expectedBucketOwner(expectedBucketOwner)).uploads()) {
            if (u.initiated() != null && u.initiated().isBefore(before)) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())
                        .expectedBucketOwner(expectedBucketOwner));
                LOG.info("s3://{}/{}: aborted multipart upload {} left by a stopped process", bucket, u.key(), u.uploadId());
                aborted++;
            }
        }
        return aborted;
    }

    private void abort(String key, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .expectedBucketOwner(expectedBucketOwner));
            LOG.info("s3://{}/{}: aborted multipart upload {} after failure: {}", bucket, key, uploadId, cause.toString());
        } catch (RuntimeException abortFailure) {
            cause.addSuppressed(abortFailure);
            LOG.warn("s3://{}/{}: could not abort multipart upload {} ({}); its parts stay billed until a bucket "
                    + "lifecycle rule (AbortIncompleteMultipartUpload) removes them", bucket, key, uploadId,
                    abortFailure.toString());
        }
    }

    /** x-amz-meta-glacier-archive-id, x-amz-meta-glacier-tree-hash, and x-amz-meta-mtime as rclone writes it. */
    private static Map<String, String> metadata(Delivery d) {
        Map<String, String> m = new LinkedHashMap<>();
        if (d.archiveId() != null) {
            m.put("glacier-archive-id", d.archiveId());
        }
        if (d.treeHash() != null) {
            m.put("glacier-tree-hash", d.treeHash());
        }
        if (d.lastModified() != null) {
            // seconds since the epoch with a fraction: the format rclone reads and writes as "mtime"
            m.put("mtime", BigDecimal.valueOf(d.lastModified().getEpochSecond())
                    .add(BigDecimal.valueOf(d.lastModified().getNano(), 9)).stripTrailingZeros().toPlainString());
        }
        return m;
    }

    /** One extra read of the part region; the page cache usually serves the upload's read that follows. */
    private static String sha256Base64(Path file, long offset, long length, TreeHash tree) throws IOException {
        var digest = TreeHash.sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = new FileRegion(file, offset, length).newStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
                tree.update(buf, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
