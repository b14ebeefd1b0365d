package io.thaw.glacier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An AWS error answer in words, for messages: status with its meaning, the service's error code and
 * message when it sent any. Some answers carry no body — a 413 from a front end, a bare 5xx — and the
 * SDK then says only "null (Service: …)"; this still says what happened.
 */
public final class ServiceAnswer {

    private ServiceAnswer() {
    }

    public static String describe(AwsServiceException e) {
        StringBuilder sb = new StringBuilder("HTTP ").append(e.statusCode());
        String meaning = meaning(e.statusCode());
        if (meaning != null) {
            sb.append(" (").append(meaning).append(')');
        }
        var details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details == null ? null : details.errorMessage();
        if (code != null && !code.isBlank()) {
            sb.append(' ').append(code);
        }
        sb.append(message != null && !message.isBlank() ? ": " + message : ", no detail from the service");
        if (e.requestId() != null) {
            sb.append(" [request id ").append(e.requestId()).append(']');
        }
        return sb.toString();
    }

    private static String meaning(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 403 -> "access denied";
            case 404 -> "not found";
            case 408 -> "request timeout";
            case 413 -> "request too large";
            case 429 -> "too many requests";
            case 500 -> "internal error";
            case 503 -> "service unavailable";
            default -> null;
        };
    }
}
