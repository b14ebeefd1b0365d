package io.thaw.plan;

/** One archive of a run (see the thaw_run_item table for the states). */
public record RunItem(String runId, long seq, String archiveId, long size, String treeHash, String name, String state,
                      String jobId, String copyOf, String reason) {

    public static final String QUEUED = "QUEUED";
    public static final String STARTED = "STARTED";
    public static final String SKIPPED = "SKIPPED";
    public static final String COPY = "COPY";
    public static final String COPIED = "COPIED";
    public static final String FAILED = "FAILED";
}
