package io.thaw.glacier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InsufficientCapacityException;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.LimitExceededException;
import software.amazon.awssdk.services.glacier.model.MissingParameterValueException;
import software.amazon.awssdk.services.glacier.model.PolicyEnforcedException;
import software.amazon.awssdk.services.glacier.model.RequestTimeoutException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;
import software.amazon.awssdk.services.glacier.model.ServiceUnavailableException;

/**
 * A Glacier refusal ({@code {"code": ..., "message": ..., "type": ...}}, glacier-wire.md §3) as the
 * exception the SDK throws for it: the subclass is chosen by the code, as the SDK's JSON protocol
 * does, so {@link ChunkFailures} and {@link GlacierRetry} judge it the same whichever transport read it.
 */
final class GlacierErrorBody {

    private static final JsonFactory JSON = new JsonFactory();

    private GlacierErrorBody() {
    }

    static GlacierException exception(int status, String requestId, InputStream body) {
        String code = null;
        String message = null;
        if (body != null) {
            try (InputStream in = body; JsonParser p = JSON.createParser(in)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName().toLowerCase(java.util.Locale.ROOT);
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        } else if (field.equals("code")) {
                            code = p.getValueAsString();
                        } else if (field.equals("message")) {
                            message = p.getValueAsString();
                        }
                    }
                }
            } catch (IOException notJson) {
                // a proxy's or load balancer's page: the status says enough
            }
        }
        // no body (a front end's bare 5xx): no message, as the SDK gives none; ServiceAnswer words the status
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName("Glacier").build();
        GlacierException.Builder b = switch (code == null ? "" : code) {
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "InvalidParameterValueException" -> InvalidParameterValueException.builder();
            case "MissingParameterValueException" -> MissingParameterValueException.builder();
            case "LimitExceededException" -> LimitExceededException.builder();
            case "PolicyEnforcedException" -> PolicyEnforcedException.builder();
            case "RequestTimeoutException" -> RequestTimeoutException.builder();
            case "ServiceUnavailableException" -> ServiceUnavailableException.builder();
            case "InsufficientCapacityException" -> InsufficientCapacityException.builder();
            default -> GlacierException.builder();
        };
        return (GlacierException) b.awsErrorDetails(details).statusCode(status).requestId(requestId)
                .message(message).build();
    }
}
