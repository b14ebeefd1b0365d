package io.thaw.request;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a request file dropped into the inbox. Two shapes are accepted: thaw's envelope (anywhere in
 * the inbox) and the bare AWS CLI {@code --job-parameters} object (only in {@code inbox/<vault>/}, the
 * folder naming the vault). Everything else is rejected with a message that says how to fix it.
 */
public final class RequestParser {

    /** Request files are small; anything bigger is a mistake (or an attack) and is not read further. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestParser() {
    }

    /**
     * @param relativePath path of the file under the inbox, "/"-separated: "req.json" or "photos/job.json"
     * @param content      the file's bytes; read to the end (at most 16 MiB + 1 bytes), not closed
     * @throws RequestRejectedException the file is not a valid request (message for the user)
     * @throws IOException              reading {@code content} failed (not the file's fault: retry later)
     */
    public static ThawRequest parse(String relativePath, InputStream content, RequestPolicy policy)
            throws RequestRejectedException, IOException {
        String folderVault = folderVault(relativePath);
        byte[] bytes = readLimited(content);
        String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
        JsonNode root = parseJson(bytes);
        if (!root.isObject()) {
            throw new RequestRejectedException("the request must be a JSON object {…}, not " + JsonFields.kind(root)
                    + " — e.g. {\"vault\": \"photos\", \"job\": {\"Type\": \"inventory-retrieval\"}}");
        }
        if (EnvelopeReader.looksLikeEnvelope(root)) {
            return EnvelopeReader.read(root, folderVault, policy, sha256);
        }
        if (!root.has("Type")) {
            throw new RequestRejectedException("not a thaw request: expected an envelope {\"vault\": …, \"job\": {…}} or"
                    + " a bare AWS CLI job-parameters object with \"Type\" (in inbox/<vault>/); this object has "
                    + (root.isEmpty() ? "no fields" : "fields " + GlacierNames.printable(String.join(", ", iterable(root)))));
        }
        if (folderVault == null) {
            throw new RequestRejectedException("a bare AWS CLI job file must be in inbox/<vault name>/ (the folder names"
                    + " the vault): move it to inbox/<vault name>/" + relativePath + ", or wrap it as {\"vault\":"
                    + " \"<vault name>\", \"job\": {…}}");
        }
        JobSpec job = JobParametersReader.read(root, "", policy.defaultTier(), false);
        return new ThawRequest(folderVault, "-", policy.defaultDestination(), null, List.of(job), sha256);
    }

    /** inbox/req.json → null; inbox/photos/req.json → "photos"; anything deeper is refused. */
    private static String folderVault(String relativePath) throws RequestRejectedException {
        String[] parts = relativePath.replace('\\', '/').split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new RequestRejectedException("request file path " + GlacierNames.printable(relativePath) + " is not"
                        + " a plain path under the inbox: requests are read from inbox/ (envelopes) and"
                        + " inbox/<vault name>/ only");
            }
        }
        if (parts.length == 1) {
            return null;
        }
        if (parts.length > 2) {
            throw new RequestRejectedException("request file " + GlacierNames.printable(relativePath) + " is nested too"
                    + " deep: requests are read from inbox/ (envelopes) and inbox/<vault name>/ only — move it there");
        }
        try {
            GlacierNames.checkVault("folder", parts[0]);
        } catch (RequestRejectedException e) {
            throw new RequestRejectedException(e.getMessage() + "; a folder under inbox/ names the vault — rename it to"
                    + " the vault's name");
        }
        return parts[0];
    }

    private static byte[] readLimited(InputStream content) throws IOException, RequestRejectedException {
        byte[] bytes = content.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new RequestRejectedException("request file is larger than 16 MiB (" + MAX_BYTES + " bytes): thaw reads"
                    + " request files whole — split the archives list over several files");
        }
        if (bytes.length == 0) {
            throw new RequestRejectedException("request file is empty (0 bytes): write the request JSON into it, e.g."
                    + " {\"vault\": \"photos\", \"job\": {\"Type\": \"inventory-retrieval\"}} — tools that write slowly"
                    + " should write a .tmp name and rename it when done");
        }
        return bytes;
    }

    private static JsonNode parseJson(byte[] bytes) throws RequestRejectedException {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new RequestRejectedException("request file contains only white space: write the request JSON"
                        + " into it, e.g. {\"vault\": \"photos\", \"job\": {\"Type\": \"inventory-retrieval\"}}");
            }
            return root;
        } catch (JsonParseException e) {
            String original = firstLine(e.getOriginalMessage());
            if (original.startsWith("Duplicate field ")) {
                String key = GlacierNames.printable(original.substring("Duplicate field ".length()).replace("'", "\""));
                throw new RequestRejectedException("duplicate key " + key + " in " + where(e.getProcessor())
                        + at(e.getLocation()) + ": a key may appear only once — remove one of them");
            }
            throw invalid(e);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new RequestRejectedException("request file is not readable JSON: " + firstLine(e.getMessage()));
        }
    }

    private static RequestRejectedException invalid(JsonProcessingException e) {
        String what = firstLine(e.getOriginalMessage());
        if (what.startsWith("Trailing token")) {
            what = "more JSON follows the end of the request object";
        }
        // Jackson appends parser internals ("start marker at [Source: …]", "bound as …"): not for users.
        for (String noise : new String[] {" (start marker at", " (bound as", ": not allowed as per"}) {
            int cut = what.indexOf(noise);
            if (cut > 0) {
                what = what.substring(0, cut);
            }
        }
        return new RequestRejectedException("invalid JSON" + at(e.getLocation()) + ": " + what
                + " — check quotes, commas and braces, and save the file as UTF-8 (python3 -m json.tool FILE shows the"
                + " first error)");
    }

    /** "job" or "the request" (top level), from the parser's position when it failed. */
    private static String where(Object processor) {
        // The failing context already holds the repeated key as its current name: describe its parent.
        if (processor instanceof JsonParser p && p.getParsingContext().getParent() != null) {
            JsonPointer pointer = p.getParsingContext().getParent().pathAsPointer();
            StringBuilder sb = new StringBuilder();
            for (JsonPointer ptr = pointer; ptr != null && !ptr.matches(); ptr = ptr.tail()) {
                if (ptr.mayMatchElement()) {
                    sb.append('[').append(ptr.getMatchingIndex()).append(']');
                } else {
                    sb.append(sb.length() == 0 ? "" : ".").append(ptr.getMatchingProperty());
                }
            }
            if (sb.length() > 0) {
                return sb.toString();
            }
        }
        return "the request";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
