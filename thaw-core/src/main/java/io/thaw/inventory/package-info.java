/**
 * Vault inventories of any size, JSON or Glacier's CSV, read one archive at a time by
 * {@link io.thaw.inventory.InventoryReader}; nothing grows with the number of archives.
 */
package io.thaw.inventory;
