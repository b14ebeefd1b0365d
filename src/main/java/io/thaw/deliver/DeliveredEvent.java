package io.thaw.deliver;

/** Sent (as JSON) to the operator's optional "delivered" endpoint after each delivery. */
public record DeliveredEvent(String vault, String archiveId, String jobId, String destination, long size,
                             String treeHash, String name) {
}
