package io.thaw.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The SQS access policy and redrive policy of thaw's notice queue. The policy lets SNS send to the
 * queue only on behalf of one topic (aws:SourceArn), so nobody else can inject "job finished" notices.
 * Existing policies are kept: thaw's statement is added next to other statements, never replacing them.
 */
final class QueuePolicy {

    static final ObjectMapper JSON = new ObjectMapper();

    private QueuePolicy() {
    }

    /** Statement id thaw uses for the grant to one topic. */
    static String sid(String topicArn) {
        return "thaw-sns-" + topicArn.substring(topicArn.lastIndexOf(':') + 1);
    }

    static ObjectNode statement(String queueArn, String topicArn) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Sid", sid(topicArn));
        s.put("Effect", "Allow");
        s.putObject("Principal").put("Service", "sns.amazonaws.com");
        s.put("Action", "sqs:SendMessage");
        s.put("Resource", queueArn);
        s.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        return s;
    }

    /** True if the policy already lets the topic send to the queue (whoever wrote the statement). */
    static boolean grants(String policy, String topicArn) {
        JsonNode root = parse(policy);
        if (root == null) {
            return false;
        }
        JsonNode statements = root.path("Statement");
        for (JsonNode s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if ("Allow".equals(s.path("Effect").asText()) && contains(s.path("Action"), "sqs:SendMessage", "sqs:*", "*")
                    && sourceArnIs(s.path("Condition"), topicArn)) {
                return true;
            }
        }
        return false;
    }

    /** The policy with thaw's statement added (or its old thaw statement replaced). */
    static String withGrant(String policy, String queueArn, String topicArn) {
        JsonNode root = parse(policy);
        ObjectNode out = root instanceof ObjectNode o ? o : JSON.createObjectNode().put("Version", "2012-10-17");
        JsonNode old = out.path("Statement");
        ArrayNode statements = JSON.createArrayNode();
        for (JsonNode s : old.isArray() ? old : old.isObject() ? JSON.createArrayNode().add(old) : JSON.createArrayNode()) {
            if (!sid(topicArn).equals(s.path("Sid").asText())) {
                statements.add(s);
            }
        }
        statements.add(statement(queueArn, topicArn));
        out.set("Statement", statements);
        return out.toString();
    }

    static String redrive(String deadLetterArn, int maxReceives) {
        return JSON.createObjectNode().put("deadLetterTargetArn", deadLetterArn)
                .put("maxReceiveCount", String.valueOf(maxReceives)).toString();
    }

    static boolean sameRedrive(String existing, String deadLetterArn, int maxReceives) {
        JsonNode r = parse(existing);
        return r != null && deadLetterArn.equals(r.path("deadLetterTargetArn").asText())
                && r.path("maxReceiveCount").asText().equals(String.valueOf(maxReceives));
    }

    private static boolean sourceArnIs(JsonNode condition, String topicArn) {
        for (String op : new String[] {"ArnEquals", "ArnLike", "StringEquals", "StringLike"}) {
            JsonNode v = condition.path(op);
            for (String key : new String[] {"aws:SourceArn", "aws:sourceArn", "aws:sourcearn"}) {
                if (contains(v.path(key), topicArn)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(JsonNode node, String... values) {
        for (JsonNode n : node.isArray() ? node : JSON.createArrayNode().add(node)) {
            for (String v : values) {
                if (v.equalsIgnoreCase(n.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
