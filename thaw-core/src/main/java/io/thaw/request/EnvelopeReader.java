package io.thaw.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads thaw's envelope: {@code {"vault", "account", "job", "archives", "destination", "name"}}.
 *
 * <p>Each field is one entry of {@link #FIELDS}: to add an optional field, add an entry that stores
 * the value in {@link Values}, then use it in {@link #read}. Unknown keys are rejected from that table,
 * so the allowed-field list in messages stays right by construction.
 */
final class EnvelopeReader {

    @FunctionalInterface
    private interface FieldReader {
        void read(JsonNode value, Values into) throws RequestRejectedException;
    }

    /** Raw field values before cross-field checks. */
    private static final class Values {
        String vault;
        String account = "-";
        JsonNode job;
        List<String> archives;
        String destination;
        String name;
        io.thaw.plan.Selection select;
    }

    private static final Map<String, FieldReader> FIELDS = new LinkedHashMap<>();
    /** Longest request "name": the job store's column holds 2,048 characters. */
    static final int MAX_NAME_CHARS = 2048;

    static {
        FIELDS.put("vault", (v, into) -> into.vault = text(v, "vault"));
        FIELDS.put("account", (v, into) -> into.account = text(v, "account"));
        FIELDS.put("job", (v, into) -> into.job = v);
        FIELDS.put("archives", (v, into) -> into.archives = archives(v));
        FIELDS.put("destination", (v, into) -> into.destination = text(v, "destination"));
        FIELDS.put("name", (v, into) -> into.name = text(v, "name"));
        FIELDS.put("select", (v, into) -> into.select = SelectionReader.read(v));
    }

    private EnvelopeReader() {
    }

    /** True when the object uses at least one envelope key (otherwise it may be a bare CLI file). */
    static boolean looksLikeEnvelope(JsonNode root) {
        return FIELDS.keySet().stream().anyMatch(root::has);
    }

    static ThawRequest read(JsonNode root, String folderVault, RequestPolicy policy, String sha256)
            throws RequestRejectedException {
        JsonFields.rejectUnknown(root, "", List.copyOf(FIELDS.keySet()), root.has("Type")
                ? "job parameters (Type, ArchiveId, …) go inside \"job\": {…}" : null);
        Values in = new Values();
        for (Map.Entry<String, FieldReader> field : FIELDS.entrySet()) {
            JsonNode v = root.get(field.getKey());
            if (v != null) {
                field.getValue().read(v, in);
            }
        }
        String vault = vault(in.vault, folderVault);
        GlacierNames.checkAccount("account", in.account);
        if (in.select != null) {
            return selectRequest(in, vault, policy, sha256);
        }
        if (in.job == null) {
            throw new RequestRejectedException("job is missing: add the AWS CLI job parameters, e.g. \"job\": {\"Type\":"
                    + " \"archive-retrieval\"} with \"archives\": [\"<archive id>\"], or \"job\": {\"Type\":"
                    + " \"inventory-retrieval\"}");
        }
        JobSpec job = JobParametersReader.read(in.job, "job", policy.defaultTier(), in.archives != null);
        List<JobSpec> jobs = jobs(job, in.archives);
        String destination = DestinationResolver.resolve(in.destination, policy);
        if (in.name != null) {
            checkName(in.name, jobs.size());
        }
        return new ThawRequest(vault, in.account, destination, in.name, jobs, sha256);
    }

    /** A run over the vault's inventory: "job" is optional and only gives Tier (and Description). */
    private static ThawRequest selectRequest(Values in, String vault, RequestPolicy policy, String sha256)
            throws RequestRejectedException {
        if (in.archives != null) {
            throw new RequestRejectedException("archives and select are both given: list archive ids in \"archives\", or"
                    + " let \"select\" choose them from the inventory — not both");
        }
        if (in.name != null) {
            throw new RequestRejectedException("name is not allowed with select: each archive is named from its"
                    + " description (duplicates get stable suffixes) — remove \"name\"");
        }
        JobSpec template = in.job == null
                ? new JobSpec(JobSpec.ARCHIVE_RETRIEVAL, null, null, null, null, policy.defaultTier(), null, null)
                : JobParametersReader.read(in.job, "job", policy.defaultTier(), true);
        if (template.isInventory() || template.archiveId() != null || template.byteRange() != null) {
            throw new RequestRejectedException("with select, job may only give archive-retrieval settings such as"
                    + " {\"Type\": \"archive-retrieval\", \"Tier\": \"Bulk\"}: the archives come from the inventory"
                    + " and are retrieved whole — remove ArchiveId/RetrievalByteRange");
        }
        String destination = DestinationResolver.resolve(in.destination, policy);
        return new ThawRequest(vault, in.account, destination, null, List.of(template), sha256, in.select);
    }

    private static String vault(String vault, String folderVault) throws RequestRejectedException {
        if (vault == null && folderVault == null) {
            throw new RequestRejectedException("vault is missing: add \"vault\": \"<vault name>\", or put the file in"
                    + " inbox/<vault name>/");
        }
        if (vault != null) {
            GlacierNames.checkVault("vault", vault);
            if (folderVault != null && !vault.equals(folderVault)) {
                throw new RequestRejectedException("vault \"" + vault + "\" differs from the folder it was dropped in"
                        + " (inbox/" + folderVault + "/): move the file to inbox/" + vault + "/ or inbox/, or fix \"vault\"");
            }
            return vault;
        }
        return folderVault;
    }

    private static List<JobSpec> jobs(JobSpec job, List<String> archives) throws RequestRejectedException {
        if (archives == null) {
            return List.of(job);
        }
        if (job.isInventory()) {
            throw new RequestRejectedException("archives is not allowed with job.Type \"inventory-retrieval\": an"
                    + " inventory lists the whole vault — remove \"archives\", or set job.Type to \"archive-retrieval\"");
        }
        if (job.archiveId() != null) {
            throw new RequestRejectedException("job.ArchiveId and archives are both given: name the archives in one"
                    + " place only — move the ArchiveId into \"archives\" (one job is started per id)");
        }
        List<JobSpec> jobs = new ArrayList<>(archives.size());
        for (String id : archives) {
            jobs.add(job.withArchiveId(id));
        }
        return jobs;
    }

    private static List<String> archives(JsonNode v) throws RequestRejectedException {
        if (!v.isArray()) {
            throw new RequestRejectedException("archives must be an array of archive ids, e.g. [\"id1\", \"id2\"], not "
                    + JsonFields.kind(v));
        }
        if (v.isEmpty()) {
            throw new RequestRejectedException("archives is empty: list at least one archive id, or remove \"archives\""
                    + " and give job.ArchiveId");
        }
        List<String> ids = new ArrayList<>(v.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode id = v.get(i);
            String field = "archives[" + i + "]";
            if (!id.isTextual()) {
                throw new RequestRejectedException(field + " must be a string (an archive id in double quotes), not "
                        + JsonFields.kind(id));
            }
            GlacierNames.checkId(field, id.textValue(), "archive");
            Integer first = seen.putIfAbsent(id.textValue(), i);
            if (first != null) {
                throw new RequestRejectedException(field + " repeats archives[" + first + "]: list each archive once"
                        + " (every id starts a paid retrieval job)");
            }
            ids.add(id.textValue());
        }
        return ids;
    }

    /** {@code name} becomes a file name under the destination, so it must not climb out of it. */
    private static void checkName(String name, int jobCount) throws RequestRejectedException {
        if (jobCount > 1) {
            throw new RequestRejectedException("name is given but the request starts " + jobCount + " jobs (one per"
                    + " archive): name applies to a single job — remove \"name\" or split the request into one file"
                    + " per archive");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                throw new RequestRejectedException("name \"" + GlacierNames.printable(name) + "\" "
                        + GlacierNames.describe(name, i) + ", a control character: use a plain file name, e.g."
                        + " \"photos-2019.tar\"");
            }
        }
        if (name.contains("..")) {
            throw new RequestRejectedException("name \"" + GlacierNames.printable(name) + "\" contains \"..\": name is a"
                    + " path relative to the destination and may not climb out of it — e.g. \"2019/photos.tar\"");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new RequestRejectedException("name \"" + GlacierNames.printable(name) + "\" is an absolute path: name"
                    + " is relative to the destination — e.g. \"2019/photos.tar\"; choose the folder with \"destination\"");
        }
        if (name.length() > MAX_NAME_CHARS) {
            // the job store keeps it in a varchar(2048): refused here, before a Glacier job is started for it
            throw new RequestRejectedException("name is " + name.length() + " characters long: at most "
                    + MAX_NAME_CHARS + " are accepted — shorten it (each folder or file name at most 255 bytes)");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new RequestRejectedException("name has a part longer than 255 bytes (\"" + GlacierNames.printable(segment)
                        + "\"): file systems refuse such names — shorten it");
            }
        }
        if (name.isBlank() || name.endsWith("/") || name.endsWith("\\")) {
            throw new RequestRejectedException("name \"" + GlacierNames.printable(name) + "\" names no file: give a file"
                    + " name, e.g. \"photos-2019.tar\"");
        }
    }

    private static String text(JsonNode v, String field) throws RequestRejectedException {
        if (!v.isTextual()) {
            throw new RequestRejectedException(field + " must be a string, not " + JsonFields.kind(v));
        }
        if (v.textValue().isEmpty()) {
            throw new RequestRejectedException(field + " is empty: give a value or leave the field out");
        }
        return v.textValue();
    }
}
