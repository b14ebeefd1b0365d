package io.thaw.camel.glacier;

import io.thaw.glacier.ChunkLog;
import io.thaw.glacier.CompletedJob;
import io.thaw.glacier.DownloadSettings;
import io.thaw.glacier.OutputDownloader;
import io.thaw.glacier.OutputRange;
import io.thaw.glacier.ProgressListener;
import io.thaw.glacier.RangeTreeHash;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Brings a finished job's output into the staging directory through {@link OutputDownloader} (ranged,
 * parallel, every chunk and the whole checked against Glacier's tree hashes, resumable through the
 * chunk log), then hands it on: as the staged file, moved to a target file, or copied into a stream.
 * Nothing reaches the caller before the whole output is verified.
 */
final class JobOutputs {

    /** A verified output in staging, with what the headers say about it. */
    record Verified(Path file, long size, String treeHash, String archiveDescription, int chunksFetched,
                    int chunksReused, String chunkKey, io.thaw.glacier.FileSeal seal) {
    }

    private final GlacierEndpoint endpoint;

    JobOutputs(GlacierEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Downloads and verifies {@code job}'s output, or bytes {@code rangeSpec} of it (a-b, tree-hash aligned).
     * On failure the staged part stays (with its chunk records when resumable) for the next attempt.
     *
     * @param stagingDir where to download, or null for the endpoint's staging directory
     */
    Verified fetch(CompletedJob job, String rangeSpec, Path stagingDir) throws IOException {
        DownloadSettings settings = endpoint.downloadSettings();
        Path dir = stagingDir != null ? stagingDir : endpoint.stagingDirectory();
        ChunkLog log = endpoint.chunkLog(dir);
        OutputDownloader.Target target;
        if (rangeSpec == null || rangeSpec.isBlank()) {
            target = new OutputDownloader.Target(job.account(), job.vault(), job.jobId(), job.outputSize(),
                    job.outputTreeHash(), job.isInventory());
        } else {
            OutputRange range = OutputRange.parse(rangeSpec);
            range.check(job);
            String hash = RangeTreeHash.of(endpoint.reads(), job, range, settings);
            target = new OutputDownloader.Target(job.account(), job.vault(), job.jobId(), range.start(),
                    range.length(), hash, false, job.jobId() + "." + range.start() + "-" + range.endInclusive());
        }
        Path staging = dir.resolve(OutputDownloader.partName(target.chunkKey()));
        OutputDownloader.Result r = new OutputDownloader(endpoint.reads(), log, settings, ProgressListener.NONE)
                .download(target, staging);
        if (r.chunkRecords() && !endpoint.getConfiguration().isKeepChunkRecords()) {
            log.clearChunks(target.chunkKey()); // complete and verified: nothing left to resume
        }
        return new Verified(r.file(), r.size(), r.treeHash(), r.archiveDescription(), r.chunksFetched(),
                r.chunksReused(), target.chunkKey(), r.seal());
    }

    /** Moves a verified output to {@code target}: never visible there under its name before it is whole. */
    static Path moveTo(Path staged, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            return Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException otherDisk) {
            Path part = dir.resolve("." + target.getFileName() + ".part");
            Files.copy(staged, part, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(staged);
            return target;
        }
    }

    /** Streams a verified output into {@code out} (not closed), then removes the staged file. */
    static void copyTo(Path staged, OutputStream out) throws IOException {
        Files.copy(staged, out);
        out.flush();
        Files.deleteIfExists(staged);
    }
}
