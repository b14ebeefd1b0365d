package io.thaw.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SNS subset thaw and a user following the AWS docs need, over the query protocol: topics,
 * sqs subscriptions (with RawMessageDelivery) and Publish. Delivery to an SQS subscriber sends the
 * standard SNS envelope (or the bare message when raw) to the queue in the embedded ElasticMQ.
 * Topics and subscriptions live in memory. Signatures are placeholders: nothing offline can sign them.
 */
final class SnsApi implements Jobs.Publisher {

    /** Sends a message body to the SQS queue named by an ARN; returns false when the queue is missing. */
    interface QueueSender {
        boolean send(String queueArn, String body);
    }

    private record Subscription(String arn, String topicArn, String protocol, String endpoint, Map<String, String> attrs) { }

    private static final class SnsError extends RuntimeException {
        final int status;
        final String code;

        SnsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnsApi.class);

    private final Sandbox sandbox;
    private final QueueSender sender;
    private final Map<String, String> topics = new TreeMap<>();
    /** Attributes set on topics (e.g. KmsMasterKeyId), so clients can check them as on AWS. */
    private final Map<String, Map<String, String>> topicAttributes = new TreeMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    SnsApi(Sandbox sandbox, QueueSender sender) {
        this.sandbox = sandbox;
        this.sender = sender;
    }

    void handle(HttpExchange ex) throws IOException {
        Map<String, String> p = GlacierApi.query(ex.getRequestURI().getRawQuery());
        p.putAll(GlacierApi.query(Replies.text(ex.getRequestBody())));
        String action = p.getOrDefault("Action", "");
        sandbox.log().request(action.isEmpty() ? "sns" : action);
        try {
            String result = dispatch(action, p);
            Replies.bytes(ex, 200, "text/xml", SnsXml.response(action, result).getBytes(StandardCharsets.UTF_8));
        } catch (SnsError e) {
            Replies.bytes(ex, e.status, "text/xml",
                    SnsXml.error("Sender", e.code, e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private synchronized String dispatch(String action, Map<String, String> p) {
        return switch (action) {
            case "CreateTopic" -> {
                String name = required(p, "Name");
                if (!name.matches("[A-Za-z0-9_-]{1,256}")) {
                    throw invalid("Invalid parameter: Topic Name");
                }
                String arn = "arn:aws:sns:" + sandbox.region() + ":" + sandbox.accountId() + ":" + name;
                topics.putIfAbsent(arn, name);
                Map<String, String> given = entries(p, "Attributes.entry.");
                if (!given.isEmpty()) {
                    topicAttributes.computeIfAbsent(arn, k -> new LinkedHashMap<>()).putAll(given);
                }
                yield SnsXml.element("TopicArn", arn);
            }
            case "ListTopics" -> {
                List<String> members = new ArrayList<>();
                topics.keySet().forEach(arn -> members.add(SnsXml.element("TopicArn", arn)));
                yield SnsXml.members("Topics", members);
            }
            case "DeleteTopic" -> {
                String arn = required(p, "TopicArn");
                topics.remove(arn);
                topicAttributes.remove(arn);
                subscriptions.values().removeIf(s -> s.topicArn().equals(arn));
                yield "";
            }
            case "GetTopicAttributes" -> {
                String arn = topic(p);
                Map<String, String> a = new LinkedHashMap<>();
                a.put("TopicArn", arn);
                a.put("Owner", sandbox.accountId());
                a.put("SubscriptionsConfirmed", String.valueOf(subscriptions.values().stream()
                        .filter(s -> s.topicArn().equals(arn)).count()));
                a.put("SubscriptionsPending", "0");
                a.put("SubscriptionsDeleted", "0");
                a.putAll(topicAttributes.getOrDefault(arn, Map.of()));
                yield SnsXml.attributes(a);
            }
            case "SetTopicAttributes" -> {
                String arn = topic(p);
                topicAttributes.computeIfAbsent(arn, k -> new LinkedHashMap<>())
                        .put(required(p, "AttributeName"), p.getOrDefault("AttributeValue", ""));
                yield "";
            }
            case "Subscribe" -> subscribe(p);
            case "Unsubscribe" -> {
                if (subscriptions.remove(required(p, "SubscriptionArn")) == null) {
                    throw new SnsError(404, "NotFound", "Subscription does not exist");
                }
                yield "";
            }
            case "ListSubscriptionsByTopic" -> listSubscriptions(topic(p));
            case "ListSubscriptions" -> listSubscriptions(null);
            case "SetSubscriptionAttributes" -> {
                Subscription s = subscription(p);
                String name = required(p, "AttributeName");
                String value = p.getOrDefault("AttributeValue", "");
                if (name.equals("RawMessageDelivery") && !value.equals("true") && !value.equals("false")) {
                    throw invalid("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [" + value
                            + "]. Must be true or false.");
                }
                s.attrs().put(name, value);
                yield "";
            }
            case "GetSubscriptionAttributes" -> {
                Subscription s = subscription(p);
                Map<String, String> a = new LinkedHashMap<>(s.attrs());
                a.put("SubscriptionArn", s.arn());
                a.put("TopicArn", s.topicArn());
                a.put("Protocol", s.protocol());
                a.put("Endpoint", s.endpoint());
                a.put("Owner", sandbox.accountId());
                a.put("ConfirmationWasAuthenticated", "true");
                a.putIfAbsent("RawMessageDelivery", "false");
                yield SnsXml.attributes(a);
            }
            case "Publish" -> {
                String arn = p.containsKey("TopicArn") ? p.get("TopicArn") : p.get("TargetArn");
                if (arn == null || !topics.containsKey(arn)) {
                    throw new SnsError(404, "NotFound", "Topic does not exist");
                }
                yield SnsXml.element("MessageId", deliver(arn, required(p, "Message"), p.get("Subject")));
            }
            default -> throw invalid("Action " + action + " is not supported by thaw sandbox's SNS (supported: "
                    + "CreateTopic, ListTopics, DeleteTopic, Get/SetTopicAttributes, Subscribe, Unsubscribe, "
                    + "ListSubscriptions, ListSubscriptionsByTopic, Set/GetSubscriptionAttributes, Publish)");
        };
    }

    private String subscribe(Map<String, String> p) {
        String topicArn = topic(p);
        String protocol = required(p, "Protocol");
        String endpoint = required(p, "Endpoint");
        if (!protocol.equals("sqs")) {
            throw invalid("Invalid parameter: Protocol " + protocol + " (thaw sandbox delivers to sqs subscribers only)");
        }
        if (!endpoint.matches("arn:aws:sqs:[^:]+:\\d{12}:[A-Za-z0-9_.-]+")) {
            throw invalid("Invalid parameter: SQS endpoint ARN " + endpoint);
        }
        for (Subscription s : subscriptions.values()) {
            if (s.topicArn().equals(topicArn) && s.endpoint().equals(endpoint)) {
                return SnsXml.element("SubscriptionArn", s.arn());
            }
        }
        Map<String, String> attrs = entries(p, "Attributes.entry.");
        String arn = topicArn + ":" + UUID.randomUUID();
        subscriptions.put(arn, new Subscription(arn, topicArn, protocol, endpoint, attrs));
        return SnsXml.element("SubscriptionArn", arn);
    }

    private String listSubscriptions(String topicArn) {
        List<String> members = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            if (topicArn == null || s.topicArn().equals(topicArn)) {
                members.add(SnsXml.element("SubscriptionArn", s.arn()) + SnsXml.element("Owner", sandbox.accountId())
                        + SnsXml.element("Protocol", s.protocol()) + SnsXml.element("Endpoint", s.endpoint())
                        + SnsXml.element("TopicArn", s.topicArn()));
            }
        }
        return SnsXml.members("Subscriptions", members);
    }

    boolean topicExists(String arn) {
        synchronized (this) {
            return topics.containsKey(arn);
        }
    }

    /** Glacier's completion notice: published without a Subject, as Glacier does. Missing topic: dropped. */
    @Override
    public void publish(String topicArn, String message) {
        synchronized (this) {
            if (!topics.containsKey(topicArn)) {
                LOG.warn("sandbox: topic {} does not exist; notice dropped", topicArn);
                return;
            }
        }
        sandbox.log().request("Publish(notice)");
        deliver(topicArn, message, null);
    }

    private String deliver(String topicArn, String message, String subject) {
        String id = UUID.randomUUID().toString();
        List<Subscription> subs;
        synchronized (this) {
            subs = subscriptions.values().stream().filter(s -> s.topicArn().equals(topicArn)).toList();
        }
        for (Subscription s : subs) {
            String body = "true".equals(s.attrs().get("RawMessageDelivery")) ? message
                    : envelope(id, topicArn, message, subject, s.arn());
            if (!sender.send(s.endpoint(), body)) {
                LOG.warn("sandbox: queue {} of subscription {} does not exist; message dropped", s.endpoint(), s.arn());
            }
        }
        return id;
    }

    private String envelope(String id, String topicArn, String message, String subject, String subscriptionArn) {
        String edge = sandbox.endpoint().toString();
        String timestamp = Replies.iso(Instant.now());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", "Notification");
        m.put("MessageId", id);
        m.put("TopicArn", topicArn);
        if (subject != null) {
            m.put("Subject", subject);
        }
        m.put("Message", message);
        m.put("Timestamp", timestamp);
        m.put("SignatureVersion", "1");
        // Placeholder: a digest of what SNS would sign, not an RSA signature; real verification must be off.
        m.put("Signature", Base64.getEncoder().encodeToString(io.thaw.glacier.TreeHash.sha256()
                .digest((id + topicArn + message + timestamp).getBytes(StandardCharsets.UTF_8))));
        m.put("SigningCertURL", edge + "/SimpleNotificationService-thaw-sandbox.pem");
        m.put("UnsubscribeURL", edge + "/?Action=Unsubscribe&SubscriptionArn=" + subscriptionArn);
        try {
            return Replies.JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String topic(Map<String, String> p) {
        String arn = required(p, "TopicArn");
        if (!topics.containsKey(arn)) {
            throw new SnsError(404, "NotFound", "Topic does not exist");
        }
        return arn;
    }

    private Subscription subscription(Map<String, String> p) {
        Subscription s = subscriptions.get(required(p, "SubscriptionArn"));
        if (s == null) {
            throw new SnsError(404, "NotFound", "Subscription does not exist");
        }
        return s;
    }

    /** Query-protocol map parameters: prefix1.key / prefix1.value, prefix2.key … */
    private static Map<String, String> entries(Map<String, String> p, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; p.containsKey(prefix + i + ".key"); i++) {
            out.put(p.get(prefix + i + ".key"), p.get(prefix + i + ".value"));
        }
        return out;
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw invalid("Invalid parameter: " + name + " is required");
        }
        return v;
    }

    private static SnsError invalid(String message) {
        return new SnsError(400, "InvalidParameter", message);
    }
}
