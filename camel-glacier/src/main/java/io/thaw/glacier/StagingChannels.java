package io.thaw.glacier;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging file a download writes, through two channels. Whole blocks go through one opened with
 * O_DIRECT where the file system allows it: from an aligned buffer straight to the disk, so the bytes are
 * neither copied into the page cache nor copied back out to be hashed (for 2 GiB written by 8 threads, the
 * kernel's CPU went from 0.8–1.5 s to 0.2 s). The rest — the output's unaligned tail, and every byte on a
 * file system without O_DIRECT such as tmpfs — goes through the page cache and is hashed as read back
 * ({@link ChunkCopy}). Forcing either channel flushes the file and the disk's cache.
 */
final class StagingChannels implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(StagingChannels.class);
    /** The buffers' alignment; a file system whose blocks do not divide it is written through the page cache. */
    static final int MAX_ALIGN = 4096;

    private final FileChannel buffered;
    private final FileChannel direct;
    private final int align;
    /** Set once a direct write failed: the rest goes through the page cache (a disk error fails there too). */
    private volatile boolean directOff;

    StagingChannels(FileChannel buffered, FileChannel direct, int align) {
        this.buffered = buffered;
        this.direct = direct;
        this.align = align;
    }

    /** @param tryDirect whether to write whole blocks with O_DIRECT (multi-chunk outputs; small ones gain nothing) */
    static StagingChannels open(Path staging, boolean tryDirect) throws IOException {
        FileChannel buffered = FileChannel.open(staging, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        if (!tryDirect) {
            return new StagingChannels(buffered, null, 0);
        }
        try {
            long block = Files.getFileStore(staging).getBlockSize();
            if (block <= 0 || block > MAX_ALIGN || MAX_ALIGN % block != 0) {
                return new StagingChannels(buffered, null, 0);
            }
            return new StagingChannels(buffered, FileChannel.open(staging, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT), (int) block);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("{}: no O_DIRECT here ({}): written through the page cache", staging, e.toString());
            return new StagingChannels(buffered, null, 0);
        }
    }

    /** The page-cache channel: reads, unaligned writes, truncation, force. */
    FileChannel buffered() {
        return buffered;
    }

    /** The O_DIRECT channel when this piece at {@code position} of {@code length} bytes may use it, else null. */
    FileChannel directFor(long position, int length) {
        return direct() && position % align == 0 && length % align == 0 ? direct : null;
    }

    boolean direct() {
        return direct != null && !directOff;
    }

    /**
     * A direct write failed: some file systems accept O_DIRECT when opening and refuse the writes. The piece
     * and the rest of the file go through the page cache; a real disk error fails there as well.
     */
    void directFailed(IOException e) {
        if (!directOff) {
            directOff = true;
            LOG.warn("O_DIRECT write refused ({}): writing through the page cache from here on", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        try (buffered) {
            if (direct != null) {
                direct.close();
            }
        }
    }
}
