package io.thaw.setup;

import java.util.List;

/**
 * What {@code thaw setup} found or made: the notice path's ARNs and URLs, each step, and the traps it
 * saw. {@link #configLines()} are the settings thaw needs to use that path.
 */
public record SetupResult(String region, String vault, String topicArn, String queueUrl, String queueArn, String deadLetterQueueUrl,
                          List<SetupStep> steps, List<String> warnings, boolean dryRun) {

    /** True when every piece already existed as wanted: the run changed (or would change) nothing. */
    public boolean changedNothing() {
        return steps.stream().noneMatch(s -> s.status().changes());
    }

    /**
     * Lines to paste into config/application.properties. Without a vault nothing tells Glacier where to
     * send notices, so every job must name the topic itself (thaw.jobs.sns-topic).
     */
    public List<String> configLines() {
        return vault != null ? List.of("thaw.aws.region=" + region, "thaw.notices.queue-url=" + queueUrl)
                : List.of("thaw.aws.region=" + region, "thaw.notices.queue-url=" + queueUrl,
                        "thaw.jobs.sns-topic=" + topicArn);
    }
}
