package io.thaw.request;

import java.util.List;

/**
 * A validated request file: which jobs to start on which vault and where the output goes.
 *
 * @param vault         Glacier vault name
 * @param account       {@code -} (the account of the credentials) or a 12-digit account id
 * @param destination   destination URI, already resolved (named destination → its URI) and checked
 *                      against the allowed roots
 * @param name          file name for the output of the single job, or null (naming decides)
 * @param jobs          at least one job
 * @param contentSha256 lowercase hex SHA-256 of the file's bytes, to recognise a file dropped twice
 * @param selection     a whole-vault (or filtered) run instead of listed jobs ({@code "select"}), or null;
 *                      then {@code jobs} holds the one template job (tier, description) without archive id
 */
public record ThawRequest(String vault, String account, String destination, String name, List<JobSpec> jobs,
        String contentSha256, io.thaw.plan.Selection selection) {

    public ThawRequest {
        jobs = List.copyOf(jobs);
    }

    public ThawRequest(String vault, String account, String destination, String name, List<JobSpec> jobs,
                       String contentSha256) {
        this(vault, account, destination, name, jobs, contentSha256, null);
    }
}
