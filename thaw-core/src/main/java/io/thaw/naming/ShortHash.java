package io.thaw.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Eight lower-case base32 characters (40 bits) of SHA-256. Lower case only, because names land on
 * case-insensitive file systems too, where "aB" and "Ab" would be the same file.
 */
final class ShortHash {

    static final int LENGTH = 8;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ShortHash() {
    }

    static String of(String text) {
        byte[] digest = sha256(text.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = bits << 8 | digest[i] & 0xFF;
        }
        char[] out = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }

    /** The first 64 bits of SHA-256, for compact keys. */
    static long long64(String text) {
        byte[] digest = sha256(text.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | digest[i] & 0xFF;
        }
        return bits;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
