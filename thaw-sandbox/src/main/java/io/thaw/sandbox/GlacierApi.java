package io.thaw.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Glacier REST API (rest-json, 2012-06-01): routes {@code /{account}/vaults/...} to operations and
 * turns {@link GlacierException}s into Glacier's {@code {"code","message","type"}} error bodies.
 */
final class GlacierApi {

    private final Sandbox sandbox;
    private final VaultStore vaults;
    private final ArchiveStore store;
    private final MultipartUploads multipart;
    private final Jobs jobs;
    private final VaultLocks locks;

    GlacierApi(Sandbox sandbox, VaultStore vaults, ArchiveStore store, MultipartUploads multipart, Jobs jobs) {
        this.sandbox = sandbox;
        this.vaults = vaults;
        this.store = store;
        this.multipart = multipart;
        this.jobs = jobs;
        this.locks = new VaultLocks(sandbox.accountId());
    }

    void handle(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("x-amzn-RequestId", Ids.requestId());
        try (InputStream body = ex.getRequestBody()) {
            try {
                dispatch(ex, body);
            } catch (GlacierException e) {
                Replies.drain(body);
                Replies.glacierError(ex, e);
            }
        }
    }

    private void dispatch(HttpExchange ex, InputStream body) throws IOException {
        String method = ex.getRequestMethod();
        List<String> seg = segments(ex.getRequestURI().getRawPath());
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        if (seg.size() < 2 || !seg.get(1).equals("vaults")) {
            throw new GlacierException(400, "BadRequest", "Client", "Unknown Glacier request: " + method + " "
                    + ex.getRequestURI().getRawPath() + " (thaw sandbox serves /{account}/vaults/...)");
        }
        if (ex.getRequestHeaders().getFirst("x-amz-glacier-version") == null) {
            throw GlacierException.missing("API version");
        }
        String account = seg.get(0);
        if (!account.equals("-") && !account.equals(sandbox.accountId())) {
            throw GlacierException.accessDenied("Access denied to account " + account + ": this sandbox serves account "
                    + sandbox.accountId() + " (or '-')");
        }
        // Positions 2 and 4 are names/ids (a vault may well be called "jobs"); the others are keywords.
        StringBuilder shape = new StringBuilder(method).append(' ').append("vaults");
        for (int i = 2; i < seg.size(); i++) {
            shape.append('/').append(i == 2 || i == 4 ? "*" : seg.get(i));
        }
        String route = shape.toString();
        String vault = seg.size() > 2 ? seg.get(2) : null;
        String id = seg.size() > 4 ? seg.get(4) : null;
        String loc = "/" + sandbox.accountId() + "/vaults/" + vault;
        var h = ex.getResponseHeaders();
        switch (route) {
            case "GET vaults" -> {
                op(ex, "ListVaults");
                listVaults(ex, q);
            }
            case "PUT vaults/*" -> {
                op(ex, "CreateVault");
                vaults.create(vault);
                h.set("Location", loc);
                Replies.empty(ex, 201);
            }
            case "GET vaults/*" -> {
                op(ex, "DescribeVault");
                Replies.json(ex, 200, vaults.describe(vaults.get(vault)));
            }
            case "DELETE vaults/*" -> {
                op(ex, "DeleteVault");
                vaults.delete(vault);
                Replies.empty(ex, 204);
            }
            case "POST vaults/*/archives" -> {
                op(ex, "UploadArchive");
                vaults.get(vault);
                VaultStore.Archive a = store.upload(vault, ex.getRequestHeaders(), body);
                archiveCreated(ex, vault, a, loc);
            }
            case "DELETE vaults/*/archives/*" -> {
                op(ex, "DeleteArchive");
                VaultStore.Archive held = vaults.archiveOrNull(vault, id);
                if (held != null) {
                    locks.checkDelete(vault, vaults.arn(vault), held.created());
                }
                VaultStore.Archive a = vaults.removeArchive(vault, id);
                if (a != null && !jobs.retrieving(a.id())) {
                    Files.deleteIfExists(a.file());
                    LeafHashes.delete(a.file());
                }
                Replies.empty(ex, 204);
            }
            case "POST vaults/*/multipart-uploads" -> {
                op(ex, "InitiateMultipartUpload");
                vaults.get(vault);
                String up = multipart.initiate(vault, ex.getRequestHeaders());
                h.set("Location", loc + "/multipart-uploads/" + up);
                h.set("x-amz-multipart-upload-id", up);
                Replies.empty(ex, 201);
            }
            case "PUT vaults/*/multipart-uploads/*" -> {
                op(ex, "UploadMultipartPart");
                vaults.get(vault);
                h.set("x-amz-sha256-tree-hash", multipart.uploadPart(vault, id, ex.getRequestHeaders(), body));
                Replies.empty(ex, 204);
            }
            case "POST vaults/*/multipart-uploads/*" -> {
                op(ex, "CompleteMultipartUpload");
                vaults.get(vault);
                archiveCreated(ex, vault, multipart.complete(vault, id, ex.getRequestHeaders()), loc);
            }
            case "DELETE vaults/*/multipart-uploads/*" -> {
                op(ex, "AbortMultipartUpload");
                multipart.abort(vault, id);
                Replies.empty(ex, 204);
            }
            case "POST vaults/*/jobs" -> {
                jobOp(ex, "InitiateJob", null, null);
                String job = jobs.initiate(vault, json(body));
                h.set("Location", loc + "/jobs/" + job);
                h.set("x-amz-job-id", job);
                Replies.empty(ex, 202);
            }
            case "GET vaults/*/jobs" -> {
                jobOp(ex, "ListJobs", null, null);
                Replies.json(ex, 200, jobs.list(vault, q.get("completed"), q.get("statuscode"), q.get("limit"),
                        q.get("marker")));
            }
            case "GET vaults/*/jobs/*" -> {
                jobOp(ex, "DescribeJob", id, null);
                vaults.get(vault);
                Replies.json(ex, 200, jobs.get(vault, id).describe());
            }
            case "GET vaults/*/jobs/*/output" -> getJobOutput(ex, vault, id);
            case "PUT vaults/*/notification-configuration" -> {
                op(ex, "SetVaultNotifications");
                setNotifications(vault, json(body));
                Replies.empty(ex, 204);
            }
            case "GET vaults/*/notification-configuration" -> {
                op(ex, "GetVaultNotifications");
                vaults.get(vault);
                var n = vaults.notifications(vault);
                if (n == null) {
                    throw GlacierException.notFound("No notification configuration is set for vault: " + vault);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Events", n.events());
                m.put("SNSTopic", n.topic());
                Replies.json(ex, 200, m);
            }
            case "DELETE vaults/*/notification-configuration" -> {
                op(ex, "DeleteVaultNotifications");
                vaults.get(vault);
                vaults.setNotifications(vault, null);
                Replies.empty(ex, 204);
            }
            case "POST vaults/*/lock-policy", "POST vaults/*/lock-policy/*", "DELETE vaults/*/lock-policy",
                 "GET vaults/*/lock-policy" -> locks.serve(ex, route, vaults, vault, id, () -> json(body), name -> op(ex, name));
            default -> throw new GlacierException(400, "BadRequest", "Client", "Operation not supported by thaw sandbox: "
                    + method + " " + ex.getRequestURI().getRawPath());
        }
    }

    private void getJobOutput(HttpExchange ex, String vault, String jobId) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        try {
            jobOp(ex, "GetJobOutput", jobId, range);
            vaults.get(vault);
            JobOutput.serve(ex, jobs.get(vault, jobId), sandbox.faults(), sandbox.log());
        } catch (GlacierException e) {
            sandbox.log().served(jobId, range, e.status);
            throw e;
        }
    }

    private void archiveCreated(HttpExchange ex, String vault, VaultStore.Archive a, String loc) throws IOException {
        vaults.addArchive(vault, a);
        var h = ex.getResponseHeaders();
        h.set("Location", loc + "/archives/" + a.id());
        h.set("x-amz-archive-id", a.id());
        h.set("x-amz-sha256-tree-hash", a.treeHash());
        Replies.empty(ex, 201);
    }

    private void listVaults(HttpExchange ex, Map<String, String> q) throws IOException {
        int limit = 10;
        if (q.get("limit") != null) {
            try {
                limit = Integer.parseInt(q.get("limit"));
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > 1000) {
                throw GlacierException.invalid("Invalid limit: " + q.get("limit") + " (1 to 1000)");
            }
        }
        String[] next = new String[1];
        List<Object> list = new ArrayList<>();
        for (var v : vaults.list(q.get("marker"), limit, next)) {
            list.add(vaults.describe(v));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Marker", next[0]);
        m.put("VaultList", list);
        Replies.json(ex, 200, m);
    }

    private void setNotifications(String vault, JsonNode n) {
        vaults.get(vault);
        String topic = n.path("SNSTopic").asText(null);
        if (topic == null) {
            throw GlacierException.missing("SNSTopic");
        }
        List<String> events = new ArrayList<>();
        for (JsonNode e : n.path("Events")) {
            String ev = e.asText();
            if (!ev.equals("ArchiveRetrievalCompleted") && !ev.equals("InventoryRetrievalCompleted")) {
                throw GlacierException.invalid("Invalid event: " + ev
                        + " (use ArchiveRetrievalCompleted and/or InventoryRetrievalCompleted)");
            }
            events.add(ev);
        }
        vaults.setNotifications(vault, new VaultStore.Notifications(topic, List.copyOf(events)));
    }

    private void op(HttpExchange ex, String name) {
        sandbox.log().request(name, SandboxLog.client(ex.getRequestHeaders().getFirst("User-Agent")));
    }

    /** Counts a job operation and applies injected throttling / 500 faults to it. */
    private void jobOp(HttpExchange ex, String name, String jobId, String range) {
        op(ex, name);
        Faults.Kind k = sandbox.faults().requestFault(name, jobId, range);
        if (k != null) {
            sandbox.log().fault(k);
            throw k == Faults.Kind.THROTTLE ? GlacierException.throttled() : GlacierException.unavailable();
        }
    }

    private static JsonNode json(InputStream body) throws IOException {
        byte[] b = body.readNBytes(1 << 20);
        if (b.length == 0) {
            return Replies.JSON.createObjectNode();
        }
        try {
            return Replies.JSON.readTree(b);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw GlacierException.serialization("Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }
}
