package io.thaw.sandbox;

import java.security.SecureRandom;

/**
 * Glacier-shaped ids: archive ids of 138 and job/upload ids of 92 characters from [A-Za-z0-9_-].
 * About one in eight starts with '-', as real ids sometimes do (it trips argument parsers that are not
 * given the {@code --job-id=…} form, which is exactly what callers should be tested against).
 */
final class Ids {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String archiveId() {
        return random(138);
    }

    static String jobId() {
        return random(92);
    }

    static String uploadId() {
        return random(92);
    }

    static String requestId() {
        return random(47).replace('-', 'x');
    }

    private static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        boolean dash = RANDOM.nextInt(8) == 0;
        sb.append(dash ? '-' : ALPHABET.charAt(RANDOM.nextInt(62)));
        for (int i = 1; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
