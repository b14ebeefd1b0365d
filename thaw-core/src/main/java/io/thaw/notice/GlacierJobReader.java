package io.thaw.notice;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads Glacier's job object (the SNS Message) with typed fields. Lenient where AWS has been
 * inconsistent (missing keys are null, unknown keys ignored), strict where thaw relies on a value:
 * ids end up in request paths and hashes decide whether bytes are delivered.
 */
final class GlacierJobReader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final List<String> STATUS_CODES = List.of(JobNotice.IN_PROGRESS, JobNotice.SUCCEEDED, JobNotice.FAILED);

    private GlacierJobReader() {
    }

    static JobNotice read(JsonNode job) throws PoisonNoticeException {
        String jobId = text(job, "JobId");
        if (jobId == null) {
            throw new PoisonNoticeException("Message is not a Glacier job notice (no JobId)"
                    + "; its keys are " + cut(String.join(", ", (Iterable<String>) job::fieldNames)));
        }
        if (!ID.matcher(jobId).matches()) {
            throw new PoisonNoticeException("JobId malformed: \"" + cut(jobId) + "\" has characters other than A-Z a-z 0-9 _ -");
        }
        String vaultArn = text(job, "VaultARN");
        if (vaultArn == null) {
            throw new PoisonNoticeException("VaultARN missing in the notice for job " + jobId);
        }
        if (VaultArn.parse(vaultArn) == null) {
            throw new PoisonNoticeException("VaultARN malformed: \"" + cut(vaultArn) + "\" is not"
                    + " arn:aws:glacier:<region>:<12-digit account>:vaults/<name> (job " + jobId + ")");
        }
        String statusCode = text(job, "StatusCode");
        if (statusCode == null) {
            throw new PoisonNoticeException("StatusCode missing in the notice for job " + jobId);
        }
        if (!STATUS_CODES.contains(statusCode)) {
            throw new PoisonNoticeException("StatusCode \"" + cut(statusCode) + "\" unknown (job " + jobId + "): Glacier"
                    + " sends InProgress, Succeeded or Failed");
        }
        String archiveId = text(job, "ArchiveId");
        if (archiveId != null && !ID.matcher(archiveId).matches()) {
            throw new PoisonNoticeException("ArchiveId malformed: \"" + cut(archiveId) + "\" has characters other than"
                    + " A-Z a-z 0-9 _ - (job " + jobId + ")");
        }
        JsonNode completed = job.get("Completed");
        boolean isCompleted;
        if (completed == null || completed.isNull()) {
            isCompleted = !statusCode.equals(JobNotice.IN_PROGRESS); // dropped key: the status says it
        } else if (completed.isBoolean()) {
            isCompleted = completed.booleanValue();
        } else {
            throw new PoisonNoticeException("Completed is not true/false (job " + jobId + ")");
        }
        return new JobNotice(text(job, "Action"), archiveId, hash(job, "ArchiveSHA256TreeHash", jobId),
                size(job, "ArchiveSizeInBytes", jobId), isCompleted, date(job, "CompletionDate", jobId),
                date(job, "CreationDate", jobId), inventoryParameters(job, jobId), size(job, "InventorySizeInBytes", jobId),
                text(job, "JobDescription"), jobId, text(job, "RetrievalByteRange"), hash(job, "SHA256TreeHash", jobId),
                text(job, "SNSTopic"), statusCode, text(job, "StatusMessage"), text(job, "Tier"), vaultArn);
    }

    private static NoticeInventoryParameters inventoryParameters(JsonNode job, String jobId) throws PoisonNoticeException {
        JsonNode p = job.get("InventoryRetrievalParameters");
        if (p == null || p.isNull()) {
            return null;
        }
        if (!p.isObject()) {
            throw new PoisonNoticeException("InventoryRetrievalParameters is not an object (job " + jobId + ")");
        }
        // Limit is a string in the API, but accept a number too: only Marker matters to thaw.
        return new NoticeInventoryParameters(text(p, "Format"), text(p, "StartDate"), text(p, "EndDate"),
                p.hasNonNull("Limit") ? p.get("Limit").asText() : null, text(p, "Marker"));
    }

    /** Text or null; a non-text value is read as its JSON text so a type change at AWS does not lose data. */
    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static Long size(JsonNode o, String key, String jobId) throws PoisonNoticeException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new PoisonNoticeException(key + " malformed: " + cut(v.toString()) + " is not a byte count (job "
                    + jobId + ")");
        }
        return v.longValue();
    }

    private static Instant date(JsonNode o, String key, String jobId) throws PoisonNoticeException {
        String v = text(o, key);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonNoticeException(key + " malformed: \"" + cut(v) + "\" is not an ISO-8601 date-time (job "
                    + jobId + ")");
        }
    }

    private static String hash(JsonNode o, String key, String jobId) throws PoisonNoticeException {
        String v = text(o, key);
        if (v != null && !HASH.matcher(v).matches()) {
            throw new PoisonNoticeException(key + " malformed: \"" + cut(v) + "\" is not 64 hex digits (job " + jobId + ")");
        }
        return v == null ? null : v.toLowerCase(Locale.ROOT); // TreeHash prints lower case: compare like with like
    }

    private static String cut(String s) {
        String c = s.length() > 120 ? s.substring(0, 120) + "…" : s;
        return c.replaceAll("\\p{Cntrl}", "?");
    }
}
