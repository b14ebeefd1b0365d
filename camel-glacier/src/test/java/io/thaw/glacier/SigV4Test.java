package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4Test {

    /** get-vanilla of AWS's Signature Version 4 test suite. */
    @Test
    void signsTheTestSuitesVanillaGet() {
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("host", "example.amazonaws.com");
        headers.put("x-amz-date", "20150830T123600Z");
        String auth = new SigV4("us-east-1", "service").authorization("AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "GET", "/", headers, "20150830T123600Z");
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date,"
                + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", auth);
    }

    /** A ranged GetJobOutput with session credentials: the same Authorization as the SDK's own signer. */
    @Test
    void agreesWithTheSdkSignerOnAGlacierGet() {
        Instant now = Instant.parse("2026-12-04T15:04:05Z");
        AwsSessionCredentialsIdentity creds = AwsSessionCredentialsIdentity.create("AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzE-session+token/=");
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://glacier.eu-west-1.amazonaws.com/-/vaults/photos.2024_x-1/jobs/"
                        + "-hk9PxJ_Zq3/output"))
                .putHeader("Host", "glacier.eu-west-1.amazonaws.com")
                .putHeader("x-amz-glacier-version", "2012-06-01")
                .putHeader("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD)
                .putHeader("Range", "bytes=33554432-67108863").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity((AwsCredentialsIdentity) creds)
                .request(request).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "glacier")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        String sdk = signed.request().firstMatchingHeader("Authorization").orElseThrow();
        SortedMap<String, String> headers = signedHeaders(signed, sdk);
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        assertEquals(amzDate, headers.get("x-amz-date"));
        String ours = new SigV4("eu-west-1", "glacier").authorization(creds.accessKeyId(), creds.secretAccessKey(),
                "GET", "/-/vaults/photos.2024_x-1/jobs/-hk9PxJ_Zq3/output", headers, amzDate);
        assertEquals(sdk, ours);
    }

    /** An InitiateJob POST with its JSON body (the payload's hash is signed): the SDK's Authorization again. */
    @Test
    void agreesWithTheSdkSignerOnAGlacierPostWithABody() {
        Instant now = Instant.parse("2026-12-04T19:30:00Z");
        AwsCredentialsIdentity creds = AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        byte[] body = "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"abc\",\"Tier\":\"Bulk\"}"
                .getBytes(StandardCharsets.UTF_8);
        String payloadHash = SigV4.sha256Hex(body);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("https://glacier.us-east-1.amazonaws.com/-/vaults/photos/jobs"))
                .putHeader("Host", "glacier.us-east-1.amazonaws.com")
                .putHeader("x-amz-glacier-version", "2012-06-01")
                .putHeader("x-amz-content-sha256", payloadHash).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(creds).request(request)
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "glacier")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        String sdk = signed.request().firstMatchingHeader("Authorization").orElseThrow();
        SortedMap<String, String> headers = signedHeaders(signed, sdk);
        String ours = new SigV4("us-east-1", "glacier").authorization(creds.accessKeyId(), creds.secretAccessKey(),
                "POST", "/-/vaults/photos/jobs", headers, headers.get("x-amz-date"), payloadHash);
        assertEquals(sdk, ours);
    }

    /** Every header the SDK signed (its Authorization names them), with its value: what ours is given to sign. */
    private static SortedMap<String, String> signedHeaders(SignedRequest signed, String authorization) {
        SortedMap<String, String> headers = new TreeMap<>();
        for (String name : authorization.replaceAll(".*SignedHeaders=([^,]*),.*", "$1").split(";")) {
            headers.put(name, signed.request().firstMatchingHeader(name).orElseThrow());
        }
        return headers;
    }

    @Test
    void encodesAPathSegmentAsSigV4Wants() {
        assertEquals("photos.2024_x-1~", SigV4.encode("photos.2024_x-1~"));
        assertEquals("a%20b%2Fc%C3%A9", SigV4.encode("a b/c\u00e9"));
    }

    @Test
    void hmacIsJavaxCryptosHmacSha256() throws Exception {
        Random random = new Random(7);
        for (int keyLength : new int[] {1, 32, 63, 64, 65, 200}) { // 64: HMAC's block; longer keys are hashed first
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            String data = "data " + keyLength + " " + random.nextLong();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertArrayEquals(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)), SigV4.hmac(key, data),
                    String.format(Locale.ROOT, "key of %d bytes", keyLength));
        }
    }
}
