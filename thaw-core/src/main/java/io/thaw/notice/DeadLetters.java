package io.thaw.notice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Where notices thaw gives up on are kept, raw body and reason together: the SQS dead-letter queue
 * {@code thaw.notices.dead-letter-queue-url} when set (reason in message attribute {@code thaw-reason}),
 * otherwise {@code <id>.json} + {@code <id>.reason.txt} in {@code thaw.notices.error-folder}.
 */
public final class DeadLetters {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Path folder;

    /** @param queueUrl dead-letter queue, or null for the folder */
    public DeadLetters(SqsClient sqs, String queueUrl, Path folder) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.folder = folder;
    }

    /** Keeps the message; answers where, for the log line. */
    public String keep(String body, String messageId, String reason) throws IOException {
        if (queueUrl != null) {
            String why = reason.length() > 4000 ? reason.substring(0, 3997) + "..." : reason;
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body == null || body.isEmpty() ? "(empty)" : body)
                    .messageAttributes(Map.of(
                            "thaw-reason", MessageAttributeValue.builder().dataType("String").stringValue(why).build(),
                            "thaw-message-id", MessageAttributeValue.builder().dataType("String")
                                    .stringValue(String.valueOf(messageId)).build())));
            return "dead-letter queue " + queueUrl;
        }
        Files.createDirectories(folder);
        String base = STAMP.format(Instant.now()) + "-" + (messageId == null ? "unknown"
                : messageId.replaceAll("[^A-Za-z0-9_-]", "_"));
        Path raw = folder.resolve(base + ".json");
        Files.writeString(raw, body == null ? "" : body, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(base + ".reason.txt"), "SQS message " + messageId + ":\n" + reason + "\n",
                StandardCharsets.UTF_8);
        return raw.toString();
    }
}
