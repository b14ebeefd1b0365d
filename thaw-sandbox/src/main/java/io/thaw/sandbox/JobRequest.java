package io.thaw.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.thaw.glacier.TreeHash;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * InitiateJob's request body (the JobParameters object, unwrapped as the model says): validated into
 * a {@link Job}, with Glacier's error for each bad field.
 */
final class JobRequest {

    private JobRequest() {
    }

    /** Validates InitiateJob's JobParameters for a vault and builds the (not yet scheduled) job. */
    static Job parse(VaultStore vaults, String vault, JsonNode p, Predicate<String> topicExists) {
        var v = vaults.get(vault);
        String type = text(p, "Type");
        if (type == null) {
            throw GlacierException.missing("Type");
        }
        String tier = text(p, "Tier");
        if (tier != null && !List.of("Expedited", "Standard", "Bulk").contains(tier)) {
            throw GlacierException.invalid("Invalid tier: " + tier + " (use Expedited, Standard or Bulk)");
        }
        String description = text(p, "Description");
        if (description != null && (description.length() > 1024
                || !description.chars().allMatch(c -> c >= 0x20 && c <= 0x7e))) {
            throw GlacierException.invalid("Invalid job description: at most 1024 printable ASCII characters");
        }
        String topic = text(p, "SNSTopic");
        if (topic != null && !topicExists.test(topic)) {
            throw GlacierException.invalid("Invalid SNSTopic: " + topic + " does not exist (create it with SNS CreateTopic first)");
        }
        Job job = switch (type) {
            case "archive-retrieval" -> archiveJob(vaults, vault, v.arn, p, tier == null ? "Standard" : tier, description, topic);
            case "inventory-retrieval" -> inventoryJob(vault, v.arn, p, tier, description, topic);
            default -> throw GlacierException.invalid("Invalid job type: " + type
                    + " (thaw sandbox supports archive-retrieval and inventory-retrieval)");
        };
        return job;
    }

    private static Job archiveJob(VaultStore vaults, String vault, String arn, JsonNode p, String tier, String description, String topic) {
        String archiveId = text(p, "ArchiveId");
        if (archiveId == null) {
            throw GlacierException.missing("ArchiveId");
        }
        var archive = vaults.archiveForJob(vault, archiveId);
        long start = 0;
        long end = archive.size() - 1;
        String range = text(p, "RetrievalByteRange");
        if (range != null) {
            var m = java.util.regex.Pattern.compile("(\\d+)-(\\d+)").matcher(range);
            if (!m.matches()) {
                throw GlacierException.invalid("Invalid RetrievalByteRange: " + range + " (expected start-end)");
            }
            start = Long.parseLong(m.group(1));
            end = Long.parseLong(m.group(2));
            if (end < start || end >= archive.size() || !TreeHash.isMibAligned(start, end, archive.size())) {
                throw GlacierException.invalid("Invalid RetrievalByteRange: " + range + " (must lie within the "
                        + archive.size() + "-byte archive, start on a 1 MiB boundary and end one byte before a "
                        + "1 MiB boundary or at the archive's last byte)");
            }
        }
        return new Job(Ids.jobId(), vault, arn, Job.ARCHIVE, tier, description, topic, archive, start, end,
                null, null, null, null, null);
    }

    private static Job inventoryJob(String vault, String arn, JsonNode p, String tier, String description, String topic) {
        if (text(p, "ArchiveId") != null) {
            throw GlacierException.invalid("ArchiveId must not be given for an inventory-retrieval job");
        }
        String format = text(p, "Format");
        if (format == null) {
            format = "JSON";
        } else if (!format.equals("JSON") && !format.equals("CSV")) {
            throw GlacierException.invalid("Invalid Format: " + format + " (use JSON or CSV)");
        }
        JsonNode irp = p.path("InventoryRetrievalParameters");
        String start = text(irp, "StartDate");
        String end = text(irp, "EndDate");
        String limit = text(irp, "Limit");
        String marker = text(irp, "Marker");
        parseDate(start, "StartDate");
        parseDate(end, "EndDate");
        if (limit != null && !limit.matches("[1-9]\\d{0,8}")) {
            throw GlacierException.invalid("Invalid Limit: " + limit + " (a positive whole number, as a string)");
        }
        return new Job(Ids.jobId(), vault, arn, Job.INVENTORY, tier, description, topic, null, 0, 0,
                format, start, end, limit, marker);
    }

    static Instant parseDate(String v, String name) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (RuntimeException e) {
            throw GlacierException.invalid("Invalid " + name + ": " + v + " (use ISO 8601 UTC, e.g. 2013-03-20T17:03:43Z)");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
