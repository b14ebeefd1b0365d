package io.thaw.glacier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * AWS Signature Version 4 for a request with or without a body, as in "Create a signed AWS API request"
 * of the IAM user guide: canonical request, string to sign, the derived key's HMAC. Used by
 * {@link SignedHttp}; {@code SigV4Test} checks it against the SDK's own signer.
 */
final class SigV4 {

    /** SHA-256 of an empty body. */
    static final String EMPTY_PAYLOAD = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;

    SigV4(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /**
     * The Authorization header's value.
     *
     * @param canonicalPath the path as the canonical request has it (each segment URI-encoded)
     * @param headers       every header to sign, names in lower case (host and x-amz-date among them)
     * @param amzDate       the x-amz-date value (yyyyMMdd'T'HHmmss'Z')
     */
    String authorization(String accessKeyId, String secretKey, String method, String canonicalPath,
                         SortedMap<String, String> headers, String amzDate) {
        return authorization(accessKeyId, secretKey, method, canonicalPath, headers, amzDate, EMPTY_PAYLOAD);
    }

    /** The same for a request with a body whose SHA-256 is {@code payloadHash} (hex, {@link #sha256Hex(byte[])}). */
    String authorization(String accessKeyId, String secretKey, String method, String canonicalPath,
                         SortedMap<String, String> headers, String amzDate, String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            canonicalHeaders.append(h.getKey()).append(':').append(h.getValue().trim()).append('\n');
        }
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = method + '\n' + canonicalPath + "\n\n" + canonicalHeaders + '\n' + signedHeaders
                + '\n' + payloadHash;
        String day = amzDate.substring(0, 8);
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return "AWS4-HMAC-SHA256 Credential=" + accessKeyId + '/' + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + HEX.formatHex(hmac(key, stringToSign));
    }

    /** A path segment URI-encoded as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XY. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /**
     * HMAC-SHA256 (RFC 2104) on MessageDigest: javax.crypto's Mac first reads the JDK's crypto policy files
     * and verifies its provider, ~0.1 s of a fetch's start-up for four 64-byte MACs.
     */
    static byte[] hmac(byte[] key, String data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] k = key.length > 64 ? sha.digest(key) : key;
            byte[] inner = new byte[64];
            byte[] outer = new byte[64];
            for (int i = 0; i < 64; i++) {
                byte b = i < k.length ? k[i] : 0;
                inner[i] = (byte) (b ^ 0x36);
                outer[i] = (byte) (b ^ 0x5c);
            }
            sha.update(inner);
            byte[] innerHash = sha.digest(data.getBytes(StandardCharsets.UTF_8));
            sha.update(outer);
            return sha.digest(innerHash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
