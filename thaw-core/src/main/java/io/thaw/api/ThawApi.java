package io.thaw.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.glacier.JobRefused;
import io.thaw.request.RequestHandler;
import io.thaw.request.RequestRejectedException;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.net.URLEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on the management port (routes/api.camel.yaml): {@code POST /requests} takes what a
 * request file holds and answers 202 with the job records or 400 with the message a file would get in
 * its .error.txt; {@code GET /jobs} and {@code GET /jobs/{id}} show the store. With thaw.api.token set,
 * every call needs {@code Authorization: Bearer <token>}. Other routes send requests to
 * {@code direct:thaw-request} ({@link #request}).
 */
public final class ThawApi {

    private static final Logger LOG = LoggerFactory.getLogger(ThawApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most jobs one GET /jobs answer holds. */
    static final int MAX_PAGE = 1000;

    private final RequestHandler requests;
    private final JobStore store;
    private final byte[] token;

    /** @param token the bearer token calls must carry; null lets every local caller in */
    public ThawApi(RequestHandler requests, JobStore store, String token) {
        this.requests = requests;
        this.store = store;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** POST /requests[?vault=V]: the body is an envelope, or a bare AWS CLI job object with ?vault=. */
    public void submit(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        if (!authorized(in)) {
            return;
        }
        byte[] body = in.getBody(byte[].class);
        String vault = in.getHeader("vault", String.class);
        try {
            List<JobRecord> jobs = requests.submit(vault == null ? "api-request.json" : vault + "/api-request.json",
                    body == null ? new byte[0] : body);
            Instant now = Instant.now();
            reply(in, 202, Map.of("jobs", jobs.stream().map(j -> JobJson.of(j, now)).toList()));
        } catch (RequestRejectedException | JobRefused e) {
            LOG.warn("HTTP request rejected: {}", io.thaw.log.LogText.escape(e.getMessage()));
            reply(in, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            if (!RequestHandler.isTransient(e)) {
                throw e;
            }
            in.setHeader("Retry-After", "30");
            reply(in, 503, error("Glacier could not be reached or throttled thaw (" + e.getMessage() + ") — nothing"
                    + " was lost: send the same request again later"));
        }
    }

    /**
     * GET /jobs[?vault=V][&amp;state=S][&amp;limit=N][&amp;before=ID]: a page of jobs, newest first (100 by default, at
     * most 1,000), and {@code next}, the query for the page after it. A whole-vault run leaves a job per
     * archive: all of them in one answer would hold the store in the service's heap.
     */
    public void jobs(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        if (!authorized(in)) {
            return;
        }
        String vault = in.getHeader("vault", String.class);
        String stateName = in.getHeader("state", String.class);
        JobState state;
        int limit;
        Long before;
        try {
            state = stateName == null ? null : JobState.named(stateName);
        } catch (IllegalArgumentException e) {
            reply(in, 400, error("state " + e.getMessage()));
            return;
        }
        try {
            limit = Integer.parseInt(in.getHeader("limit", "100", String.class));
            before = in.getHeader("before") == null ? null : Long.valueOf(in.getHeader("before", String.class));
        } catch (NumberFormatException e) {
            reply(in, 400, error("limit and before must be whole numbers: limit is how many jobs (1 to " + MAX_PAGE
                    + "), before the id the last page's \"next\" gives"));
            return;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            reply(in, 400, error("limit " + limit + " is out of range — ask for 1 to " + MAX_PAGE + " jobs a page"));
            return;
        }
        List<JobRecord> page = store.page(vault, state, before, limit + 1);
        Instant now = Instant.now();
        Map<String, Object> out = new LinkedHashMap<>();
        if (before == null) { // the first page: a client paging through the store does not recount it each time
            out.put("counts", store.countByState());
        }
        out.put("jobs", page.stream().limit(limit).map(j -> JobJson.of(j, now)).toList());
        if (page.size() > limit) {
            StringBuilder next = new StringBuilder("/jobs?limit=" + limit + "&before=" + page.get(limit - 1).id());
            if (vault != null) {
                next.append("&vault=").append(URLEncoder.encode(vault, StandardCharsets.UTF_8));
            }
            if (state != null) {
                next.append("&state=").append(state.name());
            }
            out.put("next", next.toString());
        }
        reply(in, 200, out);
    }

    /** GET /jobs/{id}. */
    public void job(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        if (!authorized(in)) {
            return;
        }
        String id = in.getHeader("id", String.class);
        var job = id == null ? java.util.Optional.<JobRecord>empty() : store.find(id);
        if (job.isEmpty()) {
            reply(in, 404, error("no job " + id + " in the job store — GET /jobs lists the jobs thaw knows"));
            return;
        }
        reply(in, 200, JobJson.of(job.get(), Instant.now()));
    }

    /** GET /retires[?vault=V]: progress of the newest thaw retire runs (read-only: deleting is the CLI's alone). */
    public void retires(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        if (!authorized(in)) {
            return;
        }
        io.thaw.retire.RetireStore retires = new io.thaw.retire.RetireStore(store);
        reply(in, 200, Map.of("retires", io.thaw.retire.RetireProgress.recent(retires, in.getHeader("vault", String.class),
                20)));
    }

    /**
     * direct:thaw-request: the body is the request JSON (text or bytes); answers the job records.
     * Invalid requests throw {@link RequestRejectedException} to the calling route.
     */
    public List<JobRecord> request(byte[] body, String vault) throws RequestRejectedException, IOException {
        return requests.submit(vault == null ? "route-request.json" : vault + "/route-request.json", body);
    }

    private boolean authorized(Message in) throws JsonProcessingException {
        if (token == null) {
            return true;
        }
        String auth = in.getHeader("Authorization", String.class);
        byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        // Constant-time comparison: the time taken must not tell how much of a guessed token was right.
        if (MessageDigest.isEqual(given, token)) {
            return true;
        }
        in.setHeader("WWW-Authenticate", "Bearer realm=\"thaw\"");
        reply(in, 401, error(auth == null ? "this thaw requires a token: send the header 'Authorization: Bearer"
                + " <thaw.api.token>'" : "the bearer token is not thaw.api.token — check the token you send"));
        return false;
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void reply(Message in, int status, Object body) throws JsonProcessingException {
        in.removeHeaders("*", "WWW-Authenticate", "Retry-After");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
}
