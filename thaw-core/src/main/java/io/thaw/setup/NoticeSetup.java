package io.thaw.setup;

import io.thaw.setup.SetupStep.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultNotificationConfig;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Builds (or finds) the path Glacier's job-completion notices take to thaw: an SNS topic in the vault's
 * region, an SQS queue that only that topic may send to, a dead-letter queue behind it, the
 * subscription, and the vault's notification configuration for both retrieval events. Every piece is
 * looked up first and only created or changed when it differs, so a second run changes nothing.
 * In a dry run only the look-ups are made; the steps carry the calls that would be made.
 */
public final class NoticeSetup {

    static final List<String> EVENTS = List.of("ArchiveRetrievalCompleted", "InventoryRetrievalCompleted");
    /** Notices nobody could process are kept 14 days (SQS's maximum) for a person to look at. */
    static final String DLQ_RETENTION_SECONDS = "1209600";

    private final SnsClient sns;
    private final SqsClient sqs;
    private final GlacierClient glacier;
    private final String region;

    /** @param glacier may be null when no vault is wired (the local sandbox wiring) */
    public NoticeSetup(SnsClient sns, SqsClient sqs, GlacierClient glacier, String region) {
        this.sns = sns;
        this.sqs = sqs;
        this.glacier = glacier;
        this.region = region;
    }

    public SetupResult run(SetupOptions o) {
        List<SetupStep> steps = new ArrayList<>();
        if (o.vault() != null) {
            call("glacier:DescribeVault", "vault '" + o.vault() + "' in " + region, () -> glacier.describeVault(b -> b
                    .accountId(o.account()).vaultName(o.vault())));
        }
        String topicArn = topic(o, steps);
        String dlqUrl = queue(o.deadLetterQueue(), Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                DLQ_RETENTION_SECONDS), " --attributes MessageRetentionPeriod=" + DLQ_RETENTION_SECONDS, o, steps);
        String dlqArn = queueArn(dlqUrl, o.deadLetterQueue());
        String queueUrl = queue(o.queue(), Map.of(), "", o, steps);
        String queueArn = queueArn(queueUrl, o.queue());
        Map<QueueAttributeName, String> attrs = queueUrl == null ? Map.of() : call("sqs:GetQueueAttributes",
                "queue " + o.queue(), () -> sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.ALL)).attributes());
        policy(o, queueUrl, queueArn, topicArn, attrs.get(QueueAttributeName.POLICY), steps);
        redrive(o, queueUrl, dlqArn, attrs.get(QueueAttributeName.REDRIVE_POLICY), steps);
        subscription(o, topicArn, queueArn, steps);
        if (o.vault() != null) {
            vaultNotifications(o, topicArn, steps);
        }
        Map<String, String> topicAttrs = topicArn.contains("<") ? Map.of() : call("sns:GetTopicAttributes",
                "topic " + topicArn, () -> sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes());
        List<String> warnings = SetupTraps.check(region, o.vault(), o.account(), topicArn, topicAttrs, queueArn);
        return new SetupResult(region, o.vault(), topicArn, queueUrl == null ? "<URL of queue " + o.queue() + ">" : queueUrl,
                queueArn, dlqUrl, List.copyOf(steps), warnings, o.dryRun());
    }

    private String topic(SetupOptions o, List<SetupStep> steps) {
        if (o.topic().startsWith("arn:")) {
            String topicRegion = SetupTraps.arnPart(o.topic(), 3);
            if (topicRegion != null && !topicRegion.equals(region)) {
                // Not just a warning: the SNS client of this region cannot even look at it.
                throw new SetupException(SetupTraps.check(region, o.vault(), "-", o.topic(), Map.of(), null).get(0));
            }
            call("sns:GetTopicAttributes", "topic " + o.topic(), () -> sns.getTopicAttributes(b -> b.topicArn(o.topic())));
            steps.add(SetupStep.unchanged("SNS topic " + o.topic()));
            return o.topic();
        }
        String suffix = ":" + o.topic();
        for (Topic t : call("sns:ListTopics", "topics in " + region, () -> sns.listTopicsPaginator(b -> { }).topics())) {
            if (t.topicArn().endsWith(suffix)) {
                steps.add(SetupStep.unchanged("SNS topic " + t.topicArn()));
                return t.topicArn();
            }
        }
        String cli = "aws sns create-topic --region " + region + " --name " + o.topic();
        if (o.dryRun()) {
            steps.add(new SetupStep(Status.WOULD_CREATE, "SNS topic " + o.topic(), cli));
            return "arn:aws:sns:" + region + ":<account>:" + o.topic();
        }
        String arn = call("sns:CreateTopic", "topic " + o.topic(), () -> sns.createTopic(b -> b.name(o.topic())).topicArn());
        steps.add(new SetupStep(Status.CREATED, "SNS topic " + arn, cli));
        return arn;
    }

    /** URL of the queue, created if missing; null in a dry run when it does not exist yet. */
    private String queue(String name, Map<QueueAttributeName, String> createAttrs, String cliAttrs, SetupOptions o,
                         List<SetupStep> steps) {
        try {
            String url = call("sqs:GetQueueUrl", "queue " + name, () -> sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
            steps.add(SetupStep.unchanged("SQS queue " + url));
            return url;
        } catch (SetupException e) {
            if (!(e.getCause() instanceof QueueDoesNotExistException)) {
                throw e;
            }
        }
        String cli = "aws sqs create-queue --region " + region + " --queue-name " + name + cliAttrs;
        if (o.dryRun()) {
            steps.add(new SetupStep(Status.WOULD_CREATE, "SQS queue " + name, cli));
            return null;
        }
        String url = call("sqs:CreateQueue", "queue " + name, () -> sqs.createQueue(b -> b.queueName(name)
                .attributes(createAttrs)).queueUrl());
        steps.add(new SetupStep(Status.CREATED, "SQS queue " + url, cli));
        return url;
    }

    private String queueArn(String url, String name) {
        if (url == null) {
            return "arn:aws:sqs:" + region + ":<account>:" + name;
        }
        return call("sqs:GetQueueAttributes", "queue " + name, () -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
    }

    private void policy(SetupOptions o, String queueUrl, String queueArn, String topicArn, String existing,
                        List<SetupStep> steps) {
        String what = "queue policy: only " + topicArn + " may send to " + o.queue();
        if (QueuePolicy.grants(existing, topicArn)) {
            steps.add(SetupStep.unchanged(what));
            return;
        }
        String policy = QueuePolicy.withGrant(existing, queueArn, topicArn);
        setQueueAttribute(o, queueUrl, QueueAttributeName.POLICY, policy, what, existing == null, steps);
    }

    private void redrive(SetupOptions o, String queueUrl, String dlqArn, String existing, List<SetupStep> steps) {
        String what = "dead-letter queue " + o.deadLetterQueue() + " after " + o.maxReceives() + " receives";
        if (QueuePolicy.sameRedrive(existing, dlqArn, o.maxReceives())) {
            steps.add(SetupStep.unchanged(what));
            return;
        }
        setQueueAttribute(o, queueUrl, QueueAttributeName.REDRIVE_POLICY, QueuePolicy.redrive(dlqArn, o.maxReceives()),
                what, existing == null, steps);
    }

    private void setQueueAttribute(SetupOptions o, String queueUrl, QueueAttributeName name, String value, String what,
                                   boolean isNew, List<SetupStep> steps) {
        String cli = "aws sqs set-queue-attributes --region " + region + " --queue-url "
                + (queueUrl == null ? "<URL of " + o.queue() + ">" : queueUrl) + " --attributes '"
                + QueuePolicy.JSON.createObjectNode().put(name.toString(), value) + "'";
        if (o.dryRun()) {
            steps.add(new SetupStep(isNew ? Status.WOULD_CREATE : Status.WOULD_CHANGE, what, cli));
            return;
        }
        call("sqs:SetQueueAttributes", "queue " + o.queue(), () -> sqs.setQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributes(Map.of(name, value))));
        steps.add(new SetupStep(isNew ? Status.CREATED : Status.CHANGED, what, cli));
    }

    private void subscription(SetupOptions o, String topicArn, String queueArn, List<SetupStep> steps) {
        String raw = String.valueOf(o.raw());
        String what = "subscription of " + o.queue() + " to " + topicArn + " (raw delivery " + raw + ")";
        Subscription found = null;
        if (!topicArn.contains("<")) {
            for (Subscription s : call("sns:ListSubscriptionsByTopic", "topic " + topicArn,
                    () -> sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions())) {
                if ("sqs".equals(s.protocol()) && queueArn.equals(s.endpoint())) {
                    found = s;
                }
            }
        }
        if (found == null) {
            String cli = "aws sns subscribe --region " + region + " --topic-arn " + topicArn + " --protocol sqs"
                    + " --notification-endpoint " + queueArn + " --attributes RawMessageDelivery=" + raw;
            if (o.dryRun()) {
                steps.add(new SetupStep(Status.WOULD_CREATE, what, cli));
                return;
            }
            call("sns:Subscribe", "topic " + topicArn, () -> sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs")
                    .endpoint(queueArn).attributes(Map.of("RawMessageDelivery", raw)).returnSubscriptionArn(true)));
            steps.add(new SetupStep(Status.CREATED, what, cli));
            return;
        }
        String arn = found.subscriptionArn();
        String current = call("sns:GetSubscriptionAttributes", "subscription " + arn, () -> sns.getSubscriptionAttributes(
                b -> b.subscriptionArn(arn)).attributes().getOrDefault("RawMessageDelivery", "false"));
        if (current.equals(raw)) {
            steps.add(SetupStep.unchanged(what));
            return;
        }
        String cli = "aws sns set-subscription-attributes --region " + region + " --subscription-arn " + arn
                + " --attribute-name RawMessageDelivery --attribute-value " + raw;
        if (!o.dryRun()) {
            call("sns:SetSubscriptionAttributes", "subscription " + arn, () -> sns.setSubscriptionAttributes(b -> b
                    .subscriptionArn(arn).attributeName("RawMessageDelivery").attributeValue(raw)));
        }
        steps.add(new SetupStep(o.dryRun() ? Status.WOULD_CHANGE : Status.CHANGED, what, cli));
    }

    private void vaultNotifications(SetupOptions o, String topicArn, List<SetupStep> steps) {
        VaultNotificationConfig current = currentNotifications(o);
        String what = "vault '" + o.vault() + "' notifies " + topicArn + " of " + String.join(" and ", EVENTS);
        if (current != null && topicArn.equals(current.snsTopic()) && current.events().containsAll(EVENTS)) {
            steps.add(SetupStep.unchanged(what));
            return;
        }
        if (current != null && current.snsTopic() != null && !topicArn.equals(current.snsTopic())
                && !o.replaceVaultTopic()) {
            throw new SetupException("vault '" + o.vault() + "' already sends its notifications to " + current.snsTopic()
                    + " — rerun with --topic " + current.snsTopic() + " to use that topic, or with"
                    + " --replace-vault-topic to point the vault at " + topicArn + " instead (the old topic then gets"
                    + " no more notices from this vault)");
        }
        String cli = "aws glacier set-vault-notifications --region " + region + " --account-id " + o.account()
                + " --vault-name " + o.vault() + " --vault-notification-config '{\"SNSTopic\":\"" + topicArn
                + "\",\"Events\":[\"" + String.join("\",\"", EVENTS) + "\"]}'";
        if (!o.dryRun()) {
            call("glacier:SetVaultNotifications", "vault '" + o.vault() + "'", () -> glacier.setVaultNotifications(b -> b
                    .accountId(o.account()).vaultName(o.vault()).vaultNotificationConfig(c -> c.snsTopic(topicArn)
                            .events(EVENTS))));
        }
        Status s = current == null ? (o.dryRun() ? Status.WOULD_CREATE : Status.CREATED)
                : (o.dryRun() ? Status.WOULD_CHANGE : Status.CHANGED);
        steps.add(new SetupStep(s, what, cli));
    }

    private VaultNotificationConfig currentNotifications(SetupOptions o) {
        try {
            return glacier.getVaultNotifications(b -> b.accountId(o.account()).vaultName(o.vault()))
                    .vaultNotificationConfig();
        } catch (software.amazon.awssdk.services.glacier.model.ResourceNotFoundException e) {
            return null; // the vault exists (checked first): it has no notification configuration yet
        } catch (AwsServiceException e) {
            throw failure("glacier:GetVaultNotifications", "vault '" + o.vault() + "'", e);
        }
    }

    /** Runs one AWS call; refusals become a message naming the resource and the permission it needs. */
    private <T> T call(String permission, String resource, Supplier<T> c) {
        try {
            return c.get();
        } catch (AwsServiceException e) {
            throw failure(permission, resource, e);
        }
    }

    private SetupException failure(String permission, String resource, AwsServiceException e) {
        String msg = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        if (e.statusCode() == 403) {
            return new SetupException("access denied for " + resource + " (" + msg + ") — the credentials need "
                    + permission, e);
        }
        if (e.statusCode() == 404 && resource.startsWith("vault")) {
            return new SetupException(resource + " not found — check --vault and thaw.aws.region", e);
        }
        return new SetupException(permission.substring(permission.indexOf(':') + 1) + " failed for " + resource + ": "
                + msg, e);
    }
}
