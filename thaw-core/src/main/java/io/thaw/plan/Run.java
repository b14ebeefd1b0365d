package io.thaw.plan;

import java.time.Instant;

/**
 * One whole-vault (or filtered) retrieval run.
 *
 * @param state WAITING_INVENTORY, RUNNING, DONE, DRY_RUN (planned, nothing started) or STOPPED (reason says why)
 */
public record Run(String runId, String vault, String account, String tier, String destination, Selection selection,
                  String requestFile, String requestHash, String state, String reason, Instant createdAt,
                  Instant finishedAt) {

    /** What the jobs a run starts record as their request file: how a job names its run. */
    public static String requestFile(String runId) {
        return "run:" + runId;
    }

    public static final String WAITING_INVENTORY = "WAITING_INVENTORY";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String STOPPED = "STOPPED";
}
