package io.thaw.setup;

/**
 * What {@code thaw setup} is asked to wire.
 *
 * @param vault         vault whose notifications go to the topic; null wires topic, queue and subscription only
 * @param account       account of the vault ("-" = the credentials' account)
 * @param topic         topic name (created in the region if missing) or ARN of an existing topic
 * @param queue         queue name; its dead-letter queue is {@code <queue>-dlq}
 * @param raw           raw message delivery on the subscription (the queue receives the bare Glacier JSON)
 * @param maxReceives   receives after which SQS moves a notice to the dead-letter queue
 * @param dryRun        look only; report the calls that would be made
 * @param replaceVaultTopic replace a vault notification configuration that names another topic
 */
public record SetupOptions(String vault, String account, String topic, String queue, boolean raw, int maxReceives,
                           boolean dryRun, boolean replaceVaultTopic) {

    public static final String DEFAULT_NAME = "thaw-notices";

    public static SetupOptions forVault(String vault) {
        return new SetupOptions(vault, "-", DEFAULT_NAME, DEFAULT_NAME, false, 10, false, false);
    }

    public SetupOptions withNames(String topicName, String queueName) {
        return new SetupOptions(vault, account, topicName, queueName, raw, maxReceives, dryRun, replaceVaultTopic);
    }

    public SetupOptions withDryRun(boolean d) {
        return new SetupOptions(vault, account, topic, queue, raw, maxReceives, d, replaceVaultTopic);
    }

    public SetupOptions withRaw(boolean r) {
        return new SetupOptions(vault, account, topic, queue, r, maxReceives, dryRun, replaceVaultTopic);
    }

    public SetupOptions withAccount(String a) {
        return new SetupOptions(vault, a, topic, queue, raw, maxReceives, dryRun, replaceVaultTopic);
    }

    public SetupOptions withMaxReceives(int n) {
        return new SetupOptions(vault, account, topic, queue, raw, n, dryRun, replaceVaultTopic);
    }

    public SetupOptions withReplaceVaultTopic(boolean r) {
        return new SetupOptions(vault, account, topic, queue, raw, maxReceives, dryRun, r);
    }

    public String deadLetterQueue() {
        return queue + "-dlq";
    }
}
