package io.thaw.store;

/** What thaw records right after Glacier accepted an InitiateJob. */
public record NewJob(
        String jobId,
        String vault,
        String account,
        String action,
        String archiveId,
        String tier,
        String format,
        String byteRange,
        String jobDescription,
        String requestFile,
        String requestHash,
        String destination,
        String name) {
}
