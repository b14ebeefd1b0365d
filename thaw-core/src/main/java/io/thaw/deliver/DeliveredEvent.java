package io.thaw.deliver;

/**
 * Sent as JSON to the operator's optional "delivered" endpoint ({@code thaw.events.delivered}) after
 * each delivery, for flows that pick the restored file up from there. No credentials in any field.
 *
 * @param archiveId   null for an inventory
 * @param destination the job's destination as configured or requested (URI or configured name)
 * @param location    where the output landed: the destination URI plus {@code name}
 * @param size        bytes delivered
 * @param treeHash    the verified SHA-256 tree hash (hex) of those bytes
 * @param name        the path relative to the destination root
 * @param deliveredAt ISO-8601 UTC time of delivery
 */
public record DeliveredEvent(String vault, String archiveId, String jobId, String destination, String location,
                             long size, String treeHash, String name, String deliveredAt) {
}
