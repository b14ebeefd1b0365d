package io.thaw.glacier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * {@link GlacierReads} as two SigV4-signed GETs over the JDK's HTTP client, for the downloads of
 * {@code thaw fetch} and {@code thaw run}: the SDK client's build (its pipeline, endpoint rules and the
 * metadata of every AWS service) took most of fetch's start-up, ~1 s of class loading before the first
 * byte, and its per-call pipeline (interceptors, marshalling, Apache HTTP) much of the CPU a small
 * archive costs a whole-vault run. What it keeps from the SDK: the
 * credential providers (the default chain or a profile) and the exception types, built the way the SDK
 * builds them from Glacier's error body, so retries and messages do not depend on the transport. What
 * it leaves out: the SDK's own retries (the downloader and {@link GlacierRetry} retry every call) and
 * whatever only the SDK client honours (proxies from the environment, FIPS or dual-stack endpoints,
 * endpoints from the environment or the profile): {@code AwsClients} picks the SDK client when any is set.
 */
public final class HttpGlacierReads implements GlacierReads {

    private static final JsonFactory JSON = new JsonFactory();

    private final SignedHttp http;

    /** Over {@code http}, which {@link HttpJobInitiation} may share. */
    public HttpGlacierReads(SignedHttp http) {
        this.http = http;
    }

    /** Glacier's public endpoint in a region of the aws, aws-cn or aws-us-gov partition. */
    public static URI endpointFor(String region) {
        return URI.create("https://glacier." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
    }

    @Override
    public DescribedJob describeJob(String account, String vault, String jobId) {
        HttpURLConnection c = http.send("DescribeJob", null, null, account, "vaults", vault, "jobs", jobId);
        try (InputStream in = c.getInputStream(); JsonParser p = JSON.createParser(in)) {
            return described(p);
        } catch (IOException e) {
            throw SignedHttp.unanswered("DescribeJob", e);
        }
    }

    @Override
    public Output getJobOutput(String account, String vault, String jobId, String range) {
        HttpURLConnection c = http.send("GetJobOutput", range, null, account, "vaults", vault, "jobs", jobId, "output");
        try {
            return new Output(c.getInputStream(), c.getHeaderField("x-amz-sha256-tree-hash"),
                    c.getHeaderField("x-amz-archive-description"), c::disconnect);
        } catch (IOException e) {
            throw SignedHttp.unanswered("GetJobOutput", e);
        }
    }

    private static DescribedJob described(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("DescribeJob's answer is not a JSON object");
        }
        Boolean completed = null;
        Long archiveSize = null;
        Long inventorySize = null;
        String format = null;
        java.util.Map<String, String> text = new java.util.HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "Completed" -> completed = v == JsonToken.VALUE_NULL ? null : p.getValueAsBoolean();
                case "ArchiveSizeInBytes" -> archiveSize = v == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
                case "InventorySizeInBytes" -> inventorySize = v == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
                case "InventoryRetrievalParameters" -> format = formatOf(p, v);
                default -> {
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else if (v != JsonToken.VALUE_NULL) {
                        text.put(field, p.getValueAsString());
                    }
                }
            }
        }
        return new DescribedJob(completed, text.get("StatusCode"), text.get("StatusMessage"), text.get("Action"),
                text.get("ArchiveId"), archiveSize, inventorySize, text.get("ArchiveSHA256TreeHash"),
                text.get("SHA256TreeHash"), text.get("RetrievalByteRange"), format, text.get("Tier"),
                text.get("JobDescription"), text.get("CreationDate"), text.get("CompletionDate"));
    }

    private static String formatOf(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            return null;
        }
        String format = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("Format") && t == JsonToken.VALUE_STRING) {
                format = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return format;
    }
}
