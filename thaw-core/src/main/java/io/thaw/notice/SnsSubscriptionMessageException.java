package io.thaw.notice;

/**
 * The queue received SNS's own SubscriptionConfirmation or UnsubscribeConfirmation message rather than
 * a job notice. Not poison: the caller logs it (the operator may need to confirm a cross-account
 * subscription) and drops it. The SubscribeURL is deliberately not kept: it carries a token that lets
 * anyone confirm the subscription, so it must not end up in logs.
 */
public class SnsSubscriptionMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String snsType;
    private final String topicArn;

    public SnsSubscriptionMessageException(String snsType, String topicArn) {
        super("SNS " + snsType + " for topic " + (topicArn == null ? "(unknown)" : topicArn) + " is not a job notice:"
                + " dropped. " + ("SubscriptionConfirmation".equals(snsType)
                        ? "If thaw should receive this topic's notices, confirm the subscription (SNS console, or"
                        + " aws sns confirm-subscription with the token from the message); same-account SQS"
                        + " subscriptions need no confirmation."
                        : "The queue's subscription to this topic was removed; thaw will get no more notices from it."));
        this.snsType = snsType;
        this.topicArn = topicArn;
    }

    /** SubscriptionConfirmation or UnsubscribeConfirmation. */
    public String snsType() {
        return snsType;
    }

    public String topicArn() {
        return topicArn;
    }
}
