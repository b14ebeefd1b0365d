package io.thaw.metrics;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the retries the AWS SDK makes inside one call — throttling and 5xx answers it retries on its
 * own, which thaw's own counters (thaw_chunk_retries_total) never see — as
 * {@code thaw_aws_retries_total{service, operation, reason}}. Installed on every Glacier, SQS, SNS and
 * S3 client thaw builds. Each HTTP attempt after the first of a call is one retry; its reason is the
 * answer to the attempt before: "throttling" (400/429: the SDK retries a 400 only for throttling codes),
 * "5xx", "network" (no answer: timeout, reset) or the status code.
 */
public final class SdkRetries implements ExecutionInterceptor {

    private static final ExecutionAttribute<Integer> ATTEMPT = new ExecutionAttribute<>("thaw.attempt");
    /** Status of the previous attempt's answer; 0 while an attempt has none (yet). */
    private static final ExecutionAttribute<Integer> LAST_STATUS = new ExecutionAttribute<>("thaw.lastStatus");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer before = attributes.getAttribute(ATTEMPT);
        int attempt = before == null ? 1 : before + 1;
        attributes.putAttribute(ATTEMPT, attempt);
        if (attempt > 1) {
            Integer status = attributes.getAttribute(LAST_STATUS);
            ThawMetrics.awsRetried(String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
                    String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)),
                    reason(status == null ? 0 : status));
        }
        attributes.putAttribute(LAST_STATUS, 0);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(LAST_STATUS, context.httpResponse().statusCode());
    }

    static String reason(int status) {
        if (status == 0) {
            return "network";
        }
        if (status == 400 || status == 429) {
            return "throttling";
        }
        return status >= 500 ? "5xx" : Integer.toString(status);
    }
}
