package io.thaw.inventory;

import java.time.Instant;

/**
 * One archive of a vault inventory.
 *
 * @param archiveId    Glacier archive id (A-Z a-z 0-9 _ -)
 * @param description  the archive description exactly as stored (any Unicode in JSON; "" when absent)
 * @param creationDate when the archive was uploaded
 * @param size         archive size in bytes
 * @param treeHash     SHA-256 tree hash of the whole archive, lower-case hex
 */
public record InventoryItem(String archiveId, String description, Instant creationDate, long size, String treeHash) {
}
