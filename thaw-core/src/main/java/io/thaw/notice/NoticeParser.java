package io.thaw.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Reads the body of an SQS message into a {@link JobNotice}. Accepts the SNS envelope (RawMessageDelivery
 * off: the Glacier JSON is the string {@code Message}), raw delivery (the body is the Glacier JSON), and
 * either of those base64-encoded (AWS SDK v1 era publishers did that).
 */
public final class NoticeParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private NoticeParser() {
    }

    /**
     * @throws PoisonNoticeException          never usable: park it with the reason
     * @throws SnsSubscriptionMessageException SNS's own subscription message: log and drop
     */
    public static JobNotice parse(String sqsBody) throws PoisonNoticeException, SnsSubscriptionMessageException {
        if (sqsBody == null || sqsBody.isBlank()) {
            throw new PoisonNoticeException("not JSON: the message body is empty");
        }
        JsonNode body = readObject(jsonText(sqsBody.strip()), "the message body");
        JsonNode type = body.get("Type");
        if (type != null && !body.has("JobId")) {
            return fromEnvelope(body, type.asText());
        }
        return GlacierJobReader.read(body);
    }

    private static JobNotice fromEnvelope(JsonNode envelope, String type)
            throws PoisonNoticeException, SnsSubscriptionMessageException {
        String topicArn = envelope.path("TopicArn").isTextual() ? envelope.get("TopicArn").textValue() : null;
        switch (type) {
            case "Notification" -> {
                JsonNode message = envelope.get("Message");
                if (message == null || message.isNull()) {
                    throw new PoisonNoticeException("SNS envelope without Message (topic " + topicArn + ")");
                }
                if (!message.isTextual()) {
                    throw new PoisonNoticeException("SNS envelope Message is not a string (topic " + topicArn + "): SNS"
                            + " always sends the published message as a JSON string");
                }
                return GlacierJobReader.read(readObject(message.textValue().strip(), "the SNS Message"));
            }
            case "SubscriptionConfirmation", "UnsubscribeConfirmation" ->
                    throw new SnsSubscriptionMessageException(type, topicArn);
            default -> throw new PoisonNoticeException("SNS envelope of unknown Type \"" + type + "\" (topic " + topicArn
                    + "): only Notification carries a Glacier job notice");
        }
    }

    /** The body as JSON text: as is when it looks like JSON, else base64-decoded UTF-8. */
    private static String jsonText(String body) throws PoisonNoticeException {
        if (body.startsWith("{") || body.startsWith("[") || body.startsWith("\"")) {
            return body;
        }
        // Strict alphabet: the MIME decoder alone would skip any foreign character and "decode" plain text.
        String compact = body.replaceAll("\\r?\\n", "");
        byte[] decoded = null;
        if (BASE64.matcher(compact).matches()) {
            try {
                decoded = Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        if (decoded == null) {
            throw new PoisonNoticeException("not JSON (and not base64): the body starts with \"" + head(body) + "\"");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded)).toString().strip();
        } catch (CharacterCodingException e) {
            throw new PoisonNoticeException("not JSON: the body starts with \"" + head(body) + "\" and base64-decodes"
                    + " to bytes that are not UTF-8 text");
        }
        if (!text.startsWith("{")) {
            throw new PoisonNoticeException("not JSON: the body starts with \"" + head(body) + "\" (not JSON, and its"
                    + " base64 decoding is not a JSON object either)");
        }
        return text;
    }

    private static JsonNode readObject(String text, String what) throws PoisonNoticeException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            throw new PoisonNoticeException("not JSON: " + what + " does not parse (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + (m == null ? "" : m.split("\n")[0]), e);
        }
        if (node == null || !node.isObject()) {
            throw new PoisonNoticeException("not a JSON object: " + what + " is " + (node == null ? "empty"
                    : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return node;
    }

    private static String head(String s) {
        String h = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return h.replaceAll("[\\p{Cntrl}]", "?");
    }
}
