package io.thaw.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the AWS CLI {@code --job-parameters} object (bare file, or the envelope's {@code job}) into a
 * {@link JobSpec}, accepting exactly what InitiateJob accepts for archive and inventory retrieval.
 */
final class JobParametersReader {

    static final List<String> FIELDS = List.of("Type", "ArchiveId", "Description", "SNSTopic", "RetrievalByteRange",
            "Tier", "Format", "InventoryRetrievalParameters");
    static final List<String> TIERS = List.of("Expedited", "Standard", "Bulk");
    private static final List<String> INVENTORY_FIELDS = List.of("StartDate", "EndDate", "Limit", "Marker");
    private static final Pattern SNS_TOPIC =
            Pattern.compile("arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern UTC_SECONDS = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,9}");

    private JobParametersReader() {
    }

    /**
     * @param prefix         "job" inside an envelope, "" for a bare CLI file (used in messages)
     * @param archivesListed the envelope lists archive ids, so archive-retrieval needs no ArchiveId here
     */
    static JobSpec read(JsonNode job, String prefix, String defaultTier, boolean archivesListed)
            throws RequestRejectedException {
        if (!job.isObject()) {
            throw new RequestRejectedException((prefix.isEmpty() ? "the job parameters" : prefix) + " must be a JSON object"
                    + " like {\"Type\": \"archive-retrieval\", \"ArchiveId\": \"…\"}, not " + JsonFields.kind(job));
        }
        rejectSelect(job, prefix);
        JsonFields.rejectUnknown(job, prefix, FIELDS, null);
        String type = type(job, prefix);
        boolean inventory = JobSpec.INVENTORY_RETRIEVAL.equals(type);

        String archiveId = JsonFields.optionalText(job, prefix, "ArchiveId");
        String description = JsonFields.optionalText(job, prefix, "Description");
        String snsTopic = JsonFields.optionalText(job, prefix, "SNSTopic");
        String byteRange = JsonFields.optionalText(job, prefix, "RetrievalByteRange");
        String tier = JsonFields.optionalText(job, prefix, "Tier");
        String format = JsonFields.optionalText(job, prefix, "Format");

        if (inventory) {
            rejectPresent(job, prefix, "ArchiveId", "an inventory-retrieval job lists the whole vault — remove ArchiveId,"
                    + " or set Type to \"archive-retrieval\" to retrieve that archive");
            rejectPresent(job, prefix, "RetrievalByteRange", "byte ranges apply to archive-retrieval only — remove it"
                    + " (to page through a large inventory use InventoryRetrievalParameters.Limit and Marker)");
        } else {
            rejectPresent(job, prefix, "Format", "Format applies to inventory-retrieval only — remove it");
            rejectPresent(job, prefix, "InventoryRetrievalParameters",
                    "InventoryRetrievalParameters apply to inventory-retrieval only — remove them");
            if (archiveId == null && !archivesListed) {
                throw new RequestRejectedException(JsonFields.path(prefix, "ArchiveId") + " is missing: an archive-retrieval"
                        + " job needs the id of the archive — add \"ArchiveId\": \"<id from the vault inventory>\""
                        + (prefix.isEmpty() ? "" : " or list ids in \"archives\""));
            }
        }
        if (archiveId != null) {
            GlacierNames.checkId(JsonFields.path(prefix, "ArchiveId"), archiveId, "archive");
        }
        if (description != null) {
            GlacierNames.checkDescription(JsonFields.path(prefix, "Description"), description);
        }
        if (snsTopic != null && !SNS_TOPIC.matcher(snsTopic).matches()) {
            throw new RequestRejectedException(JsonFields.path(prefix, "SNSTopic") + " \"" + GlacierNames.printable(snsTopic)
                    + "\" is not an SNS topic ARN: write arn:aws:sns:<region>:<12-digit account>:<topic name>, e.g."
                    + " \"arn:aws:sns:us-east-1:111122223333:glacier-jobs\" (the topic must be in the vault's region)");
        }
        if (byteRange != null) {
            RetrievalByteRange.check(JsonFields.path(prefix, "RetrievalByteRange"), byteRange);
        }
        if (tier != null && !TIERS.contains(tier)) {
            String near = JsonFields.nearest(tier, TIERS);
            throw new RequestRejectedException(JsonFields.path(prefix, "Tier") + " \"" + GlacierNames.printable(tier)
                    + "\" is not a Glacier tier: use Expedited (minutes), Standard (3–5 hours) or Bulk (5–12 hours)"
                    + (near != null ? " — did you mean \"" + near + "\"?" : ""));
        }
        if (format != null && !format.equals("JSON") && !format.equals("CSV")) {
            throw new RequestRejectedException(JsonFields.path(prefix, "Format") + " \"" + GlacierNames.printable(format)
                    + "\" is not an inventory format: use \"JSON\" or \"CSV\" (upper case)");
        }
        InventoryParameters range = inventory ? inventoryParameters(job, prefix) : null;
        // The configured default tier applies to archive jobs only: for inventory jobs Glacier documents no
        // tier, so none is sent unless the request names one.
        String effectiveTier = tier != null ? tier : inventory ? null : defaultTier;
        String effectiveFormat = inventory ? (format != null ? format : "JSON") : null;
        return new JobSpec(type, archiveId, description, snsTopic, byteRange, effectiveTier, effectiveFormat, range);
    }

    private static void rejectSelect(JsonNode job, String prefix) throws RequestRejectedException {
        for (String select : List.of("SelectParameters", "OutputLocation")) {
            if (job.has(select)) {
                throw new RequestRejectedException(JsonFields.path(prefix, select) + " is not supported: thaw runs"
                        + " archive-retrieval and inventory-retrieval jobs only (no S3 Glacier Select) — remove it");
            }
        }
    }

    private static String type(JsonNode job, String prefix) throws RequestRejectedException {
        String field = JsonFields.path(prefix, "Type");
        String type = job.path("Type").isNull() ? null : JsonFields.optionalText(job, prefix, "Type");
        if (type == null) {
            throw new RequestRejectedException(field + " is missing: add \"Type\": \"archive-retrieval\" (one archive)"
                    + " or \"Type\": \"inventory-retrieval\" (the vault's list of archives)");
        }
        if (type.equalsIgnoreCase("select")) {
            throw new RequestRejectedException(field + " \"select\" is not supported: thaw runs archive-retrieval and"
                    + " inventory-retrieval jobs only — use one of those");
        }
        if (!type.equals(JobSpec.ARCHIVE_RETRIEVAL) && !type.equals(JobSpec.INVENTORY_RETRIEVAL)) {
            throw new RequestRejectedException(field + " \"" + GlacierNames.printable(type) + "\" is not a job type:"
                    + " use \"archive-retrieval\" or \"inventory-retrieval\" (lower case, with the hyphen)");
        }
        return type;
    }

    private static void rejectPresent(JsonNode job, String prefix, String field, String why)
            throws RequestRejectedException {
        if (job.has(field)) {
            String type = job.get("Type").textValue();
            throw new RequestRejectedException(JsonFields.path(prefix, field) + " is not allowed with Type \"" + type
                    + "\": " + why);
        }
    }

    private static InventoryParameters inventoryParameters(JsonNode job, String prefix) throws RequestRejectedException {
        JsonNode p = job.get("InventoryRetrievalParameters");
        if (p == null) {
            return null;
        }
        String where = JsonFields.path(prefix, "InventoryRetrievalParameters");
        if (!p.isObject()) {
            throw new RequestRejectedException(where + " must be an object like {\"StartDate\": \"2013-03-20T17:03:43Z\","
                    + " \"Limit\": \"10000\"}, not " + JsonFields.kind(p));
        }
        JsonFields.rejectUnknown(p, where, INVENTORY_FIELDS, null);
        JsonNode limitNode = p.get("Limit");
        if (limitNode != null && limitNode.isNumber()) {
            throw new RequestRejectedException(where + ".Limit must be a string, not the number " + limitNode.asText()
                    + ": Glacier takes Limit as a string — write \"Limit\": \"" + limitNode.asText() + "\"");
        }
        String start = date(p, where, "StartDate");
        String end = date(p, where, "EndDate");
        String limit = JsonFields.optionalText(p, where, "Limit");
        String marker = JsonFields.optionalText(p, where, "Marker");
        if (start != null && end != null && !Instant.parse(start).isBefore(Instant.parse(end))) {
            throw new RequestRejectedException(where + ".StartDate " + start + " is not before EndDate " + end
                    + ": StartDate is inclusive and EndDate exclusive — make StartDate earlier than EndDate");
        }
        if (limit != null && !POSITIVE.matcher(limit).matches()) {
            throw new RequestRejectedException(where + ".Limit \"" + GlacierNames.printable(limit) + "\" is not a positive"
                    + " whole number: write the maximum number of archives as a string, e.g. \"Limit\": \"10000\"");
        }
        // An empty object asks for nothing: keep JobSpec free of an all-null parameter set.
        return start == null && end == null && limit == null && marker == null ? null
                : new InventoryParameters(start, end, limit, marker);
    }

    private static String date(JsonNode p, String where, String field) throws RequestRejectedException {
        String v = JsonFields.optionalText(p, where, field);
        if (v == null) {
            return null;
        }
        boolean ok = UTC_SECONDS.matcher(v).matches();
        if (ok) {
            try {
                Instant.parse(v);
            } catch (DateTimeParseException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new RequestRejectedException(where + "." + field + " \"" + GlacierNames.printable(v) + "\" is not an"
                    + " ISO-8601 UTC date-time: write it as YYYY-MM-DDThh:mm:ssZ, e.g. \"2013-03-20T17:03:43Z\"");
        }
        return v;
    }
}
