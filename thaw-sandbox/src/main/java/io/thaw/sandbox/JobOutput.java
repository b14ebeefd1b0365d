package io.thaw.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GetJobOutput: streams the job's output (a byte range of the archive file, or the inventory file)
 * through a fixed buffer, honouring {@code Range} with 206 + Content-Range. {@code x-amz-sha256-tree-hash}
 * is sent for archive jobs only, and only when both the job's range and the requested range are
 * tree-hash aligned (on absolute archive offsets). Injected body faults: truncate (headers promise
 * the full length, the connection is cut after part of it) and corrupt (one byte flipped while the
 * header keeps the true hash).
 */
final class JobOutput {

    /** Thrown after a deliberately cut body; the edge lets it escape so the server drops the connection. */
    static final class Truncated extends IOException {
        Truncated() {
            super("body truncated by fault injection");
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private JobOutput() {
    }

    static void serve(HttpExchange ex, Job job, Faults faults, SandboxLog log) throws IOException {
        String rangeHeader = ex.getRequestHeaders().getFirst("Range");
        if (!job.succeeded()) {
            throw GlacierException.invalid("The job is not currently available for download: " + job.id);
        }
        long total = job.outputLength();
        long start = 0;
        long end = total - 1;
        boolean partial = false;
        Matcher m = rangeHeader == null ? null : RANGE.matcher(rangeHeader.trim());
        if (m != null && m.matches()) {
            start = Long.parseLong(m.group(1));
            if (start >= total) {
                throw GlacierException.invalid("The start of the range is larger than size of retrieved data: "
                        + rangeHeader.trim());
            }
            if (!m.group(2).isEmpty()) {
                end = Math.min(Long.parseLong(m.group(2)), total - 1);
            }
            if (end < start) {
                throw GlacierException.invalid("Invalid range: " + rangeHeader.trim());
            }
            partial = true;
        }
        long length = end - start + 1;
        var h = ex.getResponseHeaders();
        h.set("Accept-Ranges", "bytes");
        if (job.isArchive()) {
            h.set("Content-Type", "application/octet-stream");
            if (job.archive.description() != null) {
                h.set("x-amz-archive-description", job.archive.description());
            }
            String hash = rangeTreeHash(job, start, end);
            if (hash != null) {
                h.set("x-amz-sha256-tree-hash", hash);
            }
        } else {
            h.set("Content-Type", "CSV".equals(job.format) ? "text/csv" : "application/json");
        }
        if (partial) {
            h.set("Content-Range", "bytes " + start + "-" + end + "/" + total);
        }
        int status = partial ? 206 : 200;
        Faults.BodyFault fault = faults.bodyFault(job.id, rangeHeader, length);
        if (fault != null) {
            log.fault(fault.kind());
        }
        log.served(job.id, rangeHeader, status);
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        stream(ex.getResponseBody(), job, job.outputOffset() + start, length, fault);
    }

    /** The tree hash of [start, end] of the output when it is a node of the archive's tree, else null. */
    private static String rangeTreeHash(Job job, long start, long end) throws IOException {
        String jobHash = job.treeHash();
        if (jobHash == null) {
            return null;
        }
        if (start == 0 && end == job.outputLength() - 1) {
            return jobHash;
        }
        long absStart = job.outputOffset() + start;
        long absEnd = job.outputOffset() + end;
        if (!TreeHash.isTreeAligned(absStart, absEnd, job.archive.size())) {
            return null;
        }
        return LeafHashes.rangeHex(job.output(), absStart, absEnd);
    }

    private static void stream(OutputStream out, Job job, long offset, long length, Faults.BodyFault fault)
            throws IOException {
        long cut = fault != null && fault.kind() == Faults.Kind.TRUNCATE ? fault.position() : length;
        long flip = fault != null && fault.kind() == Faults.Kind.CORRUPT ? fault.position() : -1;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.max(1, Math.min(Replies.BUFFER, cut))); // small outputs, small buffer
        try (FileChannel ch = FileChannel.open(job.output(), StandardOpenOption.READ)) {
            long sent = 0;
            while (sent < cut) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), cut - sent));
                int n = ch.read(buf, offset + sent);
                if (n < 0) {
                    throw new IOException("job output file " + job.output() + " is shorter than expected");
                }
                if (flip >= sent && flip < sent + n) {
                    int i = (int) (flip - sent);
                    buf.put(i, (byte) ~buf.get(i));
                }
                out.write(buf.array(), 0, n);
                sent += n;
            }
        }
        if (cut < length) {
            out.flush();
            throw new Truncated();
        }
        out.close();
    }
}
