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
 * The 64-bit keys by which thaw_job's indexes find a job from a long random string: its archive id (archive_key,
 * migration V11) and its archive's tree hash (content_key, V12). A key is the first 8 bytes of the string's
 * SHA-256. An index of 138-character archive ids or 64-character tree hashes holds full pages, and an insert
 * rewrote a leaf, its parent and the root of them (about 20 KB on H2); of 8-byte keys, a few KB. A statement asks
 * for the key and the string, so two strings sharing a key only cost a row read. Stored in every job: never change
 * the function.
 */
public final class IndexKeys {

    private static final int FILL_PAGE = 1000;

    private IndexKeys() {
    }

    /** The key of {@code s}; null for none. */
    public static Long of(String s) {
        if (s == null) {
            return null;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Migration V11's step: every job's archive_key. */
    static void fillArchiveKeys(Connection c) throws SQLException {
        fill(c, "archive_id", "archive_key");
    }

    /** Migration V12's step: every job's content_key. */
    static void fillContentKeys(Connection c) throws SQLException {
        fill(c, "archive_tree_hash", "content_key");
    }

    /**
     * Gives every job with a {@code source} and no {@code key} its key, a page of jobs at a time in id order (a store
     * of a million jobs is not read into memory). Safe to run again: a job keyed already is not read.
     */
    private static void fill(Connection c, String source, String key) throws SQLException {
        try (PreparedStatement page = c.prepareStatement("select id, " + source + " from thaw_job where id > ? and "
                + source + " is not null and " + key + " is null order by id fetch first " + FILL_PAGE + " rows only");
             PreparedStatement set = c.prepareStatement("update thaw_job set " + key + " = ? where id = ?")) {
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
