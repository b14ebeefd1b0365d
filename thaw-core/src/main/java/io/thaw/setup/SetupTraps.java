package io.thaw.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ways a Glacier notice path looks right and still stays silent (Glacier does not check that it may
 * publish, so a broken path only shows as jobs that never finish): a topic outside the vault's region,
 * a server-side-encrypted topic, and topics, queues or vaults that live in different accounts.
 */
final class SetupTraps {

    private SetupTraps() {
    }

    static List<String> check(String region, String vault, String vaultAccount, String topicArn,
                              Map<String, String> topicAttributes, String queueArn) {
        List<String> warnings = new ArrayList<>();
        String topicRegion = arnPart(topicArn, 3);
        if (topicRegion != null && !topicRegion.equals(region)) {
            warnings.add("topic " + topicArn + " is in " + topicRegion + " but " + (vault == null ? "thaw" : "vault '"
                    + vault + "'") + " is in " + region + ": Glacier publishes only to a topic in the vault's region"
                    + " — use a topic in " + region + " (run thaw setup with --topic NAME to create one)");
        }
        String kms = topicAttributes == null ? null : topicAttributes.get("KmsMasterKeyId");
        if (kms != null && !kms.isBlank()) {
            warnings.add("topic " + topicArn + " is encrypted (SSE-KMS, key " + kms + "): Glacier cannot publish to"
                    + " a topic encrypted with the AWS managed key alias/aws/sns, and with a customer managed key only"
                    + " if the key policy lets glacier.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt; otherwise"
                    + " notices are dropped silently — turn encryption off: aws sns set-topic-attributes --topic-arn "
                    + topicArn + " --attribute-name KmsMasterKeyId --attribute-value ''");
        }
        String topicAccount = arnPart(topicArn, 4);
        String queueAccount = arnPart(queueArn, 4);
        if (topicAccount != null && queueAccount != null && !topicAccount.equals(queueAccount)) {
            warnings.add("topic " + topicArn + " belongs to account " + topicAccount + ", the queue to " + queueAccount
                    + ": the topic's access policy must allow the vault's account to publish (sns:Publish) and"
                    + " the subscription must be confirmed from the queue's account — or use a topic in "
                    + queueAccount);
        }
        if (vaultAccount != null && !vaultAccount.equals("-") && queueAccount != null
                && !vaultAccount.equals(queueAccount)) {
            warnings.add("vault '" + vault + "' belongs to account " + vaultAccount + " but thaw's credentials create"
                    + " queues in " + queueAccount + ": only the vault owner can set its notifications, and the topic"
                    + " must allow that account to publish — run thaw setup with the vault owner's credentials");
        }
        return warnings;
    }

    /** arn:partition:service:region:account:resource → part n (3 = region, 4 = account); null if not an ARN. */
    static String arnPart(String arn, int n) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] p = arn.split(":", 6);
        return p.length > n && !p[n].isEmpty() ? p[n] : null;
    }
}
