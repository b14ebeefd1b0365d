package io.thaw.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue access policies. ElasticMQ accepts a Policy attribute but forgets it; AWS keeps it and returns
 * it from GetQueueAttributes, and `thaw setup` reads it back to stay idempotent. So the edge keeps the
 * policies (JSON protocol requests only) and adds them to GetQueueAttributes replies. Not enforced.
 */
final class SqsPolicies {

    private final Map<String, String> byQueue = new ConcurrentHashMap<>();

    /**
     * Remembers the Policy of a SetQueueAttributes or CreateQueue request body and answers the body to
     * forward to ElasticMQ: without the Policy, which it would only warn about.
     */
    byte[] remember(String target, byte[] requestBody) {
        if (!target.endsWith(".SetQueueAttributes") && !target.endsWith(".CreateQueue")) {
            return requestBody;
        }
        JsonNode req = parse(requestBody);
        JsonNode policy = req == null ? null : req.path("Attributes").get("Policy");
        String queue = req == null ? null : queueName(req);
        if (policy == null || queue == null) {
            return requestBody;
        }
        byQueue.put(queue, policy.asText());
        ((ObjectNode) req.get("Attributes")).remove("Policy");
        try {
            return Replies.JSON.writeValueAsBytes(req);
        } catch (IOException e) {
            return requestBody;
        }
    }

    /** A GetQueueAttributes reply with the remembered Policy added when All or Policy was asked for. */
    byte[] addTo(String target, byte[] requestBody, byte[] reply) {
        if (!target.endsWith(".GetQueueAttributes")) {
            return reply;
        }
        JsonNode req = parse(requestBody);
        String queue = req == null ? null : queueName(req);
        String policy = queue == null ? null : byQueue.get(queue);
        boolean asked = false;
        for (JsonNode n : req == null ? Replies.JSON.createArrayNode() : req.path("AttributeNames")) {
            asked |= n.asText().equals("All") || n.asText().equals("Policy");
        }
        JsonNode resp = parse(reply);
        if (policy == null || !asked || !(resp instanceof ObjectNode o)) {
            return reply;
        }
        JsonNode attrs = o.get("Attributes");
        (attrs instanceof ObjectNode a ? a : o.putObject("Attributes")).put("Policy", policy);
        try {
            return Replies.JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            return reply;
        }
    }

    private static String queueName(JsonNode req) {
        if (req.hasNonNull("QueueName")) {
            return req.get("QueueName").asText();
        }
        String url = req.path("QueueUrl").asText("");
        return url.isEmpty() ? null : url.substring(url.lastIndexOf('/') + 1);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : Replies.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
