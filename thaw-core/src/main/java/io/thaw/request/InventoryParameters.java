package io.thaw.request;

import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobInput;

/**
 * InventoryRetrievalParameters of an inventory-retrieval job, already validated. Every field is
 * optional (null); they are kept as the strings Glacier takes (Limit is a string on the wire).
 */
public record InventoryParameters(String startDate, String endDate, String limit, String marker) {

    public InventoryRetrievalJobInput toSdk() {
        return InventoryRetrievalJobInput.builder()
                .startDate(startDate).endDate(endDate).limit(limit).marker(marker).build();
    }
}
