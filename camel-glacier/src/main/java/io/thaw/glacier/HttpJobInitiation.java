package io.thaw.glacier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobInput;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * InitiateJob as one signed POST on the JDK's HTTP client, for the run pacer: a whole-vault run starts one job
 * per archive, and going around the SDK client's per-call pipeline (interceptors, marshalling, Apache HTTP)
 * saved 4–8 % of thaw's CPU per archive (docs/benchmarks.md, session 16). No retries, as the pacer wants (its
 * adaptive rate is the retry). The body is Glacier's JobParameters JSON (glacier-wire.md, InitiateJob) for archive and inventory retrievals;
 * select jobs and S3 output locations are refused here (thaw starts none; the SDK client carries them).
 */
public final class HttpJobInitiation implements JobInitiation {

    private static final JsonFactory JSON = new JsonFactory();

    private final SignedHttp http;

    /** Over {@code http}, which {@link HttpGlacierReads} may share. */
    public HttpJobInitiation(SignedHttp http) {
        this.http = http;
    }

    @Override
    public String initiateJob(String account, String vault, JobParameters params) {
        HttpURLConnection c = http.send("InitiateJob", null, body(params), account, "vaults", vault, "jobs");
        try {
            String jobId = c.getHeaderField("x-amz-job-id");
            c.getInputStream().close(); // 202 without a body: the connection goes back for reuse
            if (jobId == null || jobId.isBlank()) {
                throw SdkClientException.create("InitiateJob on vault '" + vault + "' was accepted (HTTP "
                        + c.getResponseCode() + ") without an x-amz-job-id header");
            }
            return jobId;
        } catch (IOException e) {
            throw SignedHttp.unanswered("InitiateJob", e);
        }
    }

    /** JobParameters as Glacier's JSON: the body is the object itself, its members named as the API names them. */
    static byte[] body(JobParameters p) {
        if (p.selectParameters() != null || p.outputLocation() != null) {
            throw new IllegalArgumentException("select jobs and S3 output locations go through the SDK client");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            field(g, "Type", p.type());
            field(g, "ArchiveId", p.archiveId());
            field(g, "Description", p.description());
            field(g, "SNSTopic", p.snsTopic());
            field(g, "RetrievalByteRange", p.retrievalByteRange());
            field(g, "Tier", p.tier());
            field(g, "Format", p.format());
            InventoryRetrievalJobInput inv = p.inventoryRetrievalParameters();
            if (inv != null) {
                g.writeObjectFieldStart("InventoryRetrievalParameters");
                field(g, "StartDate", inv.startDate());
                field(g, "EndDate", inv.endDate());
                field(g, "Limit", inv.limit()); // a string in the API
                field(g, "Marker", inv.marker());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: does not happen
        }
        return out.toByteArray();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
