package io.thaw.request;

import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * One Glacier job to start: the validated equivalent of the AWS CLI {@code --job-parameters} object.
 *
 * @param type        {@code archive-retrieval} or {@code inventory-retrieval}
 * @param archiveId   archive to retrieve; null for inventory jobs
 * @param description job description (printable ASCII, at most 1,024 characters) or null
 * @param snsTopic    topic Glacier notifies on completion, or null (the vault's notification config applies)
 * @param byteRange   {@code start-end} (inclusive, MiB-aligned start) or null for the whole archive
 * @param tier        Expedited, Standard or Bulk; null only for inventory jobs that named none
 * @param format      JSON or CSV for inventory jobs; null for archive jobs
 * @param inventory   range-inventory parameters, or null
 */
public record JobSpec(String type, String archiveId, String description, String snsTopic, String byteRange,
        String tier, String format, InventoryParameters inventory) {

    public static final String ARCHIVE_RETRIEVAL = "archive-retrieval";
    public static final String INVENTORY_RETRIEVAL = "inventory-retrieval";

    public boolean isInventory() {
        return INVENTORY_RETRIEVAL.equals(type);
    }

    /** The same job for another archive (an envelope's {@code archives} list shares one set of parameters). */
    public JobSpec withArchiveId(String id) {
        return new JobSpec(type, id, description, snsTopic, byteRange, tier, format, inventory);
    }

    /** The InitiateJob body for SDK v2; absent fields stay unset so Glacier applies its own defaults. */
    public JobParameters toJobParameters() {
        JobParameters.Builder b = JobParameters.builder()
                .type(type)
                .archiveId(archiveId)
                .description(description)
                .snsTopic(snsTopic)
                .retrievalByteRange(byteRange)
                .tier(tier)
                .format(format);
        if (inventory != null) {
            b.inventoryRetrievalParameters(inventory.toSdk());
        }
        return b.build();
    }
}
