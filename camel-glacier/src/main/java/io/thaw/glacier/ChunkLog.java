package io.thaw.glacier;

import java.util.List;

/**
 * Where a ranged download records the chunks it has verified, so that an interrupted download of the
 * same output resumes: only recorded chunks whose bytes still hash the same on disk are kept
 * ({@link OutputDownloader}). thaw's job store is one; {@link FileChunkLog} keeps them beside the staging file.
 */
public interface ChunkLog {

    /** A verified chunk: its index, length and tree hash (hex). */
    record Chunk(int index, long size, String treeHash) {
    }

    /** No records: every download starts from the first byte. */
    ChunkLog NONE = new ChunkLog() {
        @Override
        public void saveChunk(String key, int index, long size, String treeHash) {
        }

        @Override
        public List<Chunk> chunks(String key) {
            return List.of();
        }

        @Override
        public void clearChunks(String key) {
        }
    };

    void saveChunk(String key, int index, long size, String treeHash);

    /** The chunks recorded under {@code key}, in index order. */
    List<Chunk> chunks(String key);

    void clearChunks(String key);

    /** Bytes of job {@code jobId} downloaded so far, told every few seconds; ignored unless wanted. */
    default void recordProgress(String jobId, long bytesDone) {
    }
}
