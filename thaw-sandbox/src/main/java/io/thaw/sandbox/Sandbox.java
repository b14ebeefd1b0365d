package io.thaw.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local AWS for thaw: one edge port serving Glacier (thaw's own code), an SNS subset (thaw's own
 * code) and SQS (ElasticMQ, proxied). Each request is routed by the service name in its SigV4
 * credential scope; unsigned requests fall back on {@code X-Amz-Target: AmazonSQS.*} (sqs),
 * {@code /{account}/vaults…} (glacier) and an {@code Action} parameter (sns).
 *
 * <p>Metadata (vaults, archives, jobs, topics, subscriptions) lives in memory; archive bytes and job
 * outputs live in files under the data dir.
 *
 * <p>Test hooks: {@link #log()}, {@link #completeJobsNow()}, {@link #completeJob(String)},
 * {@link #expireJobOutput(String)}, {@link #setFaults(Faults)}, {@link #dropNotices(double)}.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each small reply waits
        // out Nagle + delayed ACK (~40 ms). Read once when the server classes load, so set it early.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]*/[^/]*/[^/]*/([^/]*)/aws4_request");

    private final SandboxOptions options;
    private final Path dataDir;
    private final boolean ownDataDir;
    private final SandboxLog log = new SandboxLog();
    private final HttpServer server;
    private final ExecutorService pool;
    private final URI endpoint;
    private final SqsProxy sqs;
    private final SnsApi sns;
    private final Jobs jobs;
    private final GlacierApi glacier;
    private final VaultStore vaults;
    private volatile Faults faults;
    private volatile LinkModel link = LinkModel.NONE;

    private Sandbox(SandboxOptions o) throws IOException {
        options = o;
        faults = o.faults();
        ownDataDir = o.dataDir() == null;
        dataDir = ownDataDir ? Files.createTempDirectory("thaw-sandbox-") : Files.createDirectories(o.dataDir());
        server = HttpServer.create(new InetSocketAddress(o.loopbackOnly() ? "127.0.0.1" : "0.0.0.0", o.port()), 128);
        pool = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "sandbox-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        endpoint = URI.create("http://" + o.host() + ":" + server.getAddress().getPort());
        sqs = new SqsProxy(o.host(), server.getAddress().getPort(), o.region(), o.accountId());
        sns = new SnsApi(this, sqs);
        vaults = new VaultStore(o.region(), o.accountId());
        ArchiveStore store = new ArchiveStore(dataDir);
        jobs = new Jobs(o, vaults, store, log, sns, sns::topicExists);
        glacier = new GlacierApi(this, vaults, store, new MultipartUploads(store), jobs);
        server.createContext("/", this::route);
        server.start();
    }

    /**
     * How long a deleted archive keeps appearing in inventories (Glacier refreshes them about once a
     * day); while it does, and until that long after the vault's last write, DeleteVault is refused.
     * Zero (the default): inventories and DeleteVault see deletes at once.
     */
    public void setInventoryRefresh(java.time.Duration delay) {
        vaults.inventoryRefresh(delay);
    }

    /** Starts a sandbox; the port is bound and ElasticMQ is up when this returns. */
    public static Sandbox start(SandboxOptions options) {
        try {
            return new Sandbox(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the thaw sandbox on 127.0.0.1:" + options.port()
                    + " (is the port in use? use --port 0 for a free one)", e);
        }
    }

    private void route(HttpExchange ex) throws IOException {
        try {
            LinkModel l = link;
            if (!l.isNone()) {
                l.awaitRoundTrip();
                ex.setStreams(null, l.paced(ex.getResponseBody()));
            }
            switch (service(ex)) {
                case "glacier" -> glacier.handle(ex);
                case "sns" -> sns.handle(ex);
                case "sqs" -> {
                    log.request("sqs");
                    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
                    if (target != null) { // JSON protocol: also count per operation, e.g. "sqs:CreateQueue"
                        log.request("sqs:" + target.substring(target.indexOf('.') + 1));
                    }
                    sqs.handle(ex);
                }
                default -> Replies.bytes(ex, 400, "text/plain", ("thaw sandbox: cannot tell which service "
                        + ex.getRequestMethod() + " " + ex.getRequestURI() + " is for (serves glacier, sns, sqs)")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (JobOutput.Truncated e) {
            throw e; // escapes to the server, which closes the connection mid-body
        } catch (IOException | RuntimeException e) {
            LOG.debug("sandbox request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            throw e;
        } finally {
            ex.close();
        }
    }

    private static String service(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            Matcher m = SCOPE.matcher(auth);
            if (m.find()) {
                return m.group(1);
            }
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null && target.startsWith("AmazonSQS")) {
            return "sqs";
        }
        String path = ex.getRequestURI().getRawPath();
        if (path.matches("/[^/]+/vaults(/.*)?")) {
            return "glacier";
        }
        String q = ex.getRequestURI().getRawQuery();
        if (q != null && q.contains("Action=")) {
            return "sns";
        }
        return "";
    }

    /** {@code http://127.0.0.1:PORT} (or the configured host): Glacier, SNS and SQS all answer here. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * ElasticMQ without the edge in front of it, for SQS traffic only (thaw.aws.sqs-endpoint): a consumer
     * that should not pay for the edge's second HTTP hop, e.g. the notice benchmark. Requests there are
     * not counted and queue policies set there are not checked when SNS delivers.
     */
    public URI sqsDirectEndpoint() {
        return sqs.directEndpoint();
    }

    public String region() {
        return options.region();
    }

    public String accountId() {
        return options.accountId();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** What the sandbox has seen so far. */
    public SandboxLog log() {
        return log;
    }

    Faults faults() {
        return faults;
    }

    /** Models a distant service from now on: per-connection rate cap and added round trip (LinkModel). */
    public void setLink(LinkModel l) {
        link = l == null ? LinkModel.NONE : l;
    }

    /** Replaces the injected faults from now on (a fresh {@link Faults} starts its sequence anew). */
    public void setFaults(Faults f) {
        faults = f == null ? Faults.NONE : f;
    }

    /** Completes every in-progress job now instead of after its tier delay (notices are published). */
    public void completeJobsNow() {
        jobs.completeAllNow();
    }

    /** Completes one job now. */
    public void completeJob(String jobId) {
        jobs.completeNow(jobId);
    }

    /** Acts as if the output's retention (24 h by default) has passed: the job answers 404 from now on. */
    public void expireJobOutput(String jobId) {
        jobs.expire(jobId);
    }

    /**
     * Publishes every completion notice {@code copies} more times, each after a random delay of up to
     * {@code maxDelay}, as SNS and SQS may (both deliver at least once). 0 copies turns it off.
     */
    public void repeatNotices(int copies, java.time.Duration maxDelay) {
        jobs.repeatNotices(copies, maxDelay);
    }

    /** Drops the completion notice of a deterministic share of jobs (by job id), for lost-notice tests. */
    public void dropNotices(double fraction) {
        jobs.dropNotices(fraction);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        jobs.close();
        try {
            sqs.close();
        } catch (RuntimeException e) {
            LOG.warn("sandbox: stopping ElasticMQ failed: {}", e.toString());
        }
        if (ownDataDir) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("sandbox: could not delete {}: {}", root, e.toString());
        }
    }
}
