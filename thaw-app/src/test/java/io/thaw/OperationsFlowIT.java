package io.thaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.glacier.TreeHash;
import io.thaw.request.RequestRejectedException;
import io.thaw.sandbox.Faults;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Operating thaw: the notice path made by `thaw setup` and nothing else (no topic on the jobs: the
 * vault's notification configuration carries the notices), a retrieval posted to the HTTP API, and
 * metrics and health scraped over HTTP from the management port while it runs — with chunks corrupted
 * by the sandbox so the retry and mismatch counters have something to count.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsFlowIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String VAULT = "photos";
    static final String TOKEN = "test-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    static final byte[] archiveBytes = ThawRoutes.random(12 * (1 << 20) + 5, 11);
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** thaw's start-up lines, caught from before the context starts. */
    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> startup =
            new ch.qos.logback.core.read.ListAppender<>();
    static String setupOutput;
    static String queueUrl;
    static String archiveId;
    static URI management;

    static {
        startup.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ThawBeans.class)).addAppender(startup);
    }

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=500ms,Standard=1s,Bulk=3s")
            .withoutWiring()
            .timeout(WAIT)
            .set("thaw.jobs.sns-topic", "")
            .set("thaw.download.max-attempts", "16")
            .set("thaw.download.backoff-ms", "10")
            .set("camel.management.enabled", "true")
            .set("camel.management.host", "127.0.0.1")
            .set("camel.health.exposureLevel", "full")
            .set("thaw.api.token", TOKEN)
            .before(t -> {
                t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
                archiveId = t.upload(VAULT, archiveBytes, "holiday/beach.jpg");

                // The notice path comes from `thaw setup` alone.
                Path config = t.work().resolve("aws.properties");
                Files.writeString(config, "thaw.aws.region=" + t.sandbox().region() + "\nthaw.aws.endpoint="
                        + t.sandbox().endpoint() + "\nthaw.aws.sandbox-credentials=true\n");
                StringWriter out = new StringWriter();
                int exit = new CommandLine(new Thaw()).setOut(new PrintWriter(out))
                        .execute("setup", "--config", config.toString(), "--vault", VAULT);
                setupOutput = out.toString();
                Matcher m = Pattern.compile("thaw\\.notices\\.queue-url=(\\S+)").matcher(setupOutput);
                if (exit != 0 || !m.find()) {
                    throw new IllegalStateException("thaw setup failed (" + exit + "): " + setupOutput);
                }
                queueUrl = m.group(1);

                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                management = URI.create("http://127.0.0.1:" + port);
                Properties props = t.properties();
                props.setProperty("thaw.aws.endpoint", t.sandbox().endpoint().toString());
                props.setProperty("thaw.aws.region", t.sandbox().region());
                props.setProperty("thaw.aws.sandbox-credentials", "true");
                props.setProperty("thaw.notices.queue-url", queueUrl);
                props.setProperty("camel.management.port", String.valueOf(port));
                // Half of all chunk bodies arrive with a flipped byte: 13 chunks make a clean run all but impossible.
                t.sandbox().setFaults(Faults.parse("corrupt=0.5,seed=5"));
            });

    @Test
    @Order(1)
    void apiRefusesCallsWithoutTheToken() throws Exception {
        HttpResponse<String> none = send("POST", "/requests", envelope(), null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("Authorization: Bearer"), none.body());
        assertEquals("Bearer realm=\"thaw\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
        HttpResponse<String> wrong = send("GET", "/jobs", null, "not-the-token");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("is not thaw.api.token"), wrong.body());
        assertTrue(thaw.store().list(null).isEmpty(), "a refused call started no job");
    }

    @Test
    @Order(2)
    void apiRejectsABadRequestWithTheMessageARequestFileGets() throws Exception {
        HttpResponse<String> json = send("POST", "/requests", "{\"vault\": \"photos\",", TOKEN);
        assertEquals(400, json.statusCode());
        assertTrue(error(json).startsWith("invalid JSON (line 1, column"), json.body());
        HttpResponse<String> noId = send("POST", "/requests", "{\"vault\":\"photos\",\"job\":{\"Type\":"
                + "\"archive-retrieval\"}}", TOKEN);
        assertEquals(400, noId.statusCode());
        assertTrue(error(noId).contains("ArchiveId"), noId.body());
        HttpResponse<String> vault = send("POST", "/requests", "{\"vault\":\"nothere\",\"job\":{\"Type\":"
                + "\"inventory-retrieval\"}}", TOKEN);
        assertEquals(400, vault.statusCode());
        assertTrue(error(vault).contains("vault 'nothere' not found in " + thaw.sandbox().region()), vault.body());
        assertTrue(thaw.store().list(null).isEmpty());
    }

    @Test
    @Order(3)
    void retrievalPostedToTheApiIsDeliveredWhileMetricsAndHealthAreScraped() throws Exception {
        assertTrue(setupOutput.contains("vault 'photos' notifies"), setupOutput);
        HttpResponse<String> posted = send("POST", "/requests", envelope(), TOKEN);
        assertEquals(202, posted.statusCode(), posted.body());
        JsonNode job = JSON.readTree(posted.body()).path("jobs").get(0);
        String jobId = job.path("jobId").asText();
        assertEquals("REQUESTED", job.path("state").asText());
        assertEquals(archiveId, job.path("archiveId").asText());

        HttpResponse<String> lookup = send("GET", "/jobs/" + jobId, null, TOKEN);
        assertEquals(200, lookup.statusCode());
        assertEquals(jobId, JSON.readTree(lookup.body()).path("jobId").asText());
        assertEquals(404, send("GET", "/jobs/no-such-job", null, TOKEN).statusCode());

        // While the job runs: it is in flight, and every dependency is reachable.
        thaw.await("thaw_jobs_in_flight 1 during the retrieval", () -> metric("thaw_jobs_in_flight") == 1);
        HttpResponse<String> health = send("GET", "/observe/health", null, null);
        assertEquals(200, health.statusCode(), health.body());
        JsonNode checks = JSON.readTree(health.body());
        assertEquals("UP", checks.path("status").asText(), health.body());
        for (String id : List.of("thaw-store", "thaw-sqs", "thaw-glacier")) {
            assertEquals("UP", check(checks, id).path("status").asText(), health.body());
        }
        assertTrue(message(check(checks, "thaw-sqs")).contains(queueUrl + " reachable: "), health.body());

        thaw.await("job delivered", () -> thaw.store().find(jobId).orElseThrow().state() == JobState.DELIVERED);
        JobRecord done = thaw.store().find(jobId).orElseThrow();
        assertEquals(TreeHash.of(archiveBytes), TreeHash.of(Path.of(URI.create(done.deliveredTo()))));
        assertNull(thaw.glacier().describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(jobId)).snsTopic(),
                "the job named no topic: its notice came through the vault's notification configuration");

        long corrupted = thaw.sandbox().log().faults(Faults.Kind.CORRUPT);
        assertTrue(corrupted > 0, "the sandbox corrupted some chunks");
        assertEquals(corrupted, metric("thaw_hash_mismatches_total"), "every corrupted chunk was caught");
        assertTrue(metric("thaw_chunk_retries_total") >= corrupted, "every caught chunk was fetched again");
        assertEquals(archiveBytes.length, metric("thaw_deliver_bytes_total"));
        long served = servedBytes(jobId);
        assertTrue(served > archiveBytes.length, "corrupted chunks were served twice or more");
        assertEquals(served, metric("thaw_download_bytes_total"), "every byte Glacier served was counted");
        assertTrue(metric("thaw_notices_received_total") >= 1);
        assertEquals(1, metric("thaw_jobs_started_total"));
        // the pace counts whole past seconds: a download finished in this very second shows from the next one
        thaw.await("the last minute's download pace > 0", Duration.ofSeconds(10),
                () -> metric("thaw_download_pace_bytes_per_second") > 0);
        thaw.await("gauges show the delivered job", () -> metric("thaw_jobs{state=\"DELIVERED\"}") == 1
                && metric("thaw_jobs_in_flight") == 0);
        String text = scrape();
        assertTrue(text.contains("jvm_memory_used_bytes"), "Camel's JVM binders are exposed next to thaw's");

        JsonNode list = JSON.readTree(send("GET", "/jobs?vault=" + VAULT, null, TOKEN).body());
        assertEquals(1, list.path("counts").path("DELIVERED").asInt());
        assertEquals(jobId, list.path("jobs").get(0).path("jobId").asText());
        assertEquals(100, list.path("jobs").get(0).path("progressPercent").asInt());

        // retire progress is shown, never started, over HTTP: deleting is the thaw retire command's alone
        HttpResponse<String> retires = send("GET", "/retires?vault=" + VAULT, null, TOKEN);
        assertEquals(200, retires.statusCode(), retires.body());
        assertTrue(JSON.readTree(retires.body()).path("retires").isArray(), retires.body());
        assertTrue(send("POST", "/retires", envelope(), TOKEN).statusCode() >= 400, "no delete over HTTP");
        assertEquals(0, metric("thaw_retire_deleted_archives"));
    }

    /** Camel's own summary says http://0.0.0.0:port whatever the host; thaw's line says where it listens. */
    @Test
    @Order(4)
    void startUpNamesTheAddressTheManagementServerReallyListensOn() {
        assertTrue(startup.list.stream().map(e -> e.getFormattedMessage()).anyMatch(m -> m.startsWith(
                "management server listens on " + management + ":") && m.contains(management + "/observe/health")),
                "start-up lines: " + startup.list.stream().map(e -> e.getFormattedMessage()).toList());
    }

    /** GET /jobs answers a page at a time; `next` leads through the rest; a wrong state or number is a 400. */
    @Test
    @Order(4)
    void jobsArePagedNewestFirst() throws Exception {
        for (int i = 0; i < 5; i++) {
            thaw.store().insert(new io.thaw.store.NewJob("paging-job-" + i, "paging", "-", "ArchiveRetrieval",
                    "archive-" + i, "Bulk", null, null, null, "req.json", "h-paging-" + i, "file:/restored", null));
            thaw.store().markFailed("paging-job-" + i, "inserted by the test: no such job in Glacier");
        }
        List<String> seen = new java.util.ArrayList<>();
        String next = "/jobs?vault=paging&limit=2";
        List<Integer> sizes = new java.util.ArrayList<>();
        while (next != null) {
            HttpResponse<String> page = send("GET", next, null, TOKEN);
            assertEquals(200, page.statusCode(), page.body());
            JsonNode body = JSON.readTree(page.body());
            body.path("jobs").forEach(j -> seen.add(j.path("jobId").asText()));
            assertEquals(sizes.isEmpty(), body.has("counts"), "counts on the first page only: " + page.body());
            sizes.add(body.path("jobs").size());
            next = body.hasNonNull("next") ? body.path("next").asText() : null;
        }
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(List.of("paging-job-4", "paging-job-3", "paging-job-2", "paging-job-1", "paging-job-0"), seen);

        HttpResponse<String> badState = send("GET", "/jobs?state=FROZEN", null, TOKEN);
        assertEquals(400, badState.statusCode());
        assertTrue(badState.body().contains("'FROZEN' is not a job state"), badState.body());
        assertEquals(400, send("GET", "/jobs?limit=0", null, TOKEN).statusCode());
        assertEquals(400, send("GET", "/jobs?limit=lots", null, TOKEN).statusCode());
        assertEquals(1, JSON.readTree(send("GET", "/jobs?state=failed&vault=paging&limit=1", null, TOKEN).body())
                .path("jobs").size());
    }

    @Test
    @Order(4)
    void otherRoutesSendRequestsToDirectThawRequest() {
        Object reply = thaw.template().requestBody("direct:thaw-request",
                "{\"vault\":\"photos\",\"job\":{\"Type\":\"inventory-retrieval\",\"Tier\":\"Bulk\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        List<?> jobs = assertInstanceOf(List.class, reply);
        JobRecord j = assertInstanceOf(JobRecord.class, jobs.get(0));
        assertEquals("InventoryRetrieval", j.action());
        assertEquals("route-request.json", j.requestFile());
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> thaw.template().requestBody(
                "direct:thaw-request", "{\"vault\":\"photos\"}".getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(RequestRejectedException.class, e.getCause());
    }

    @Test
    @Order(5)
    void healthNamesTheQueueWhenItIsGone() throws Exception {
        thaw.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        HttpResponse<String> health = send("GET", "/observe/health", null, null);
        assertEquals(503, health.statusCode(), health.body());
        JsonNode sqsCheck = check(JSON.readTree(health.body()), "thaw-sqs");
        assertEquals("DOWN", sqsCheck.path("status").asText(), health.body());
        assertTrue(message(sqsCheck).contains("SQS queue " + queueUrl + " is not reachable"), health.body());
        assertTrue(message(sqsCheck).contains("check thaw.notices.queue-url"), health.body());
        assertEquals("UP", check(JSON.readTree(health.body()), "thaw-store").path("status").asText());
    }

    // ---- helpers ----

    static String envelope() {
        return "{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Bulk\",\"ArchiveId\":\""
                + archiveId + "\"}}";
    }

    static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(management.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String error(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body()).path("error").asText();
    }

    static JsonNode check(JsonNode health, String id) {
        for (JsonNode c : health.path("checks")) {
            if (id.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no health check " + id + " in " + health);
    }

    /** A check's message; Camel escapes the '/' in it once more than JSON needs. */
    static String message(JsonNode check) {
        return check.path("message").asText().replace("\\/", "/");
    }

    static String scrape() {
        try {
            HttpResponse<String> r = send("GET", "/observe/metrics", null, null);
            assertEquals(200, r.statusCode());
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of one sample, e.g. thaw_jobs_in_flight or thaw_jobs{state="DELIVERED"}; NaN if absent. */
    static double metric(String sample) {
        String name = sample.contains("{") ? sample.substring(0, sample.indexOf('{')) : sample;
        String label = sample.contains("{") ? sample.substring(sample.indexOf('{') + 1, sample.length() - 1) : null;
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                if (label == null || line.contains(label)) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return Double.NaN;
    }

    /** Bytes of every ranged GetJobOutput body the sandbox served for the job (corrupted ones included). */
    static long servedBytes(String jobId) {
        long n = 0;
        for (var s : thaw.sandbox().log().served()) {
            if (s.jobId().equals(jobId) && s.status() == 206) {
                String[] r = s.range().replace("bytes=", "").split("-");
                n += Long.parseLong(r[1]) - Long.parseLong(r[0]) + 1;
            }
        }
        return n;
    }
}
