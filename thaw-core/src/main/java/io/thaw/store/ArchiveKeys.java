package io.thaw.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The 64-bit key by which thaw_job's index finds an archive's jobs (migration V11): the first 8 bytes of the
 * SHA-256 of the archive id. A statement asks for the key and the id, so two ids sharing a key only cost a row
 * read. Stored in every job: never change the function.
 */
public final class ArchiveKeys {

    private static final int FILL_PAGE = 1000;

    private ArchiveKeys() {
    }

    /** The key of {@code archiveId}; null for none (an inventory job). */
    public static Long of(String archiveId) {
        if (archiveId == null) {
            return null;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(archiveId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Gives every job with an archive id and no key its key, a page of jobs at a time in id order (a store of
     * a million jobs is not read into memory). Safe to run again: a job keyed already is not read.
     */
    static void fill(Connection c) throws SQLException {
        try (PreparedStatement page = c.prepareStatement("select id, archive_id from thaw_job where id > ?"
                + " and archive_id is not null and archive_key is null order by id fetch first " + FILL_PAGE + " rows only");
             PreparedStatement set = c.prepareStatement("update thaw_job set archive_key = ? where id = ?")) {
            long after = Long.MIN_VALUE;
            while (true) {
                int n = 0;
                page.setLong(1, after);
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        set.setLong(1, of(rs.getString(2)));
                        set.setLong(2, after);
                        set.addBatch();
                        n++;
                    }
                }
                if (n == 0) {
                    return;
                }
                set.executeBatch();
            }
        }
    }
}
