import io.thaw.ThawMain;
import io.thaw.setup.LocalWiring;
import io.thaw.camel.glacier.GlacierConstants;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.main.Main;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Notices per second from SQS (ElasticMQ in a sandbox process of its own) through the real routes into the store:
 * receive-notices → NoticeHandler (parse, markStaged) → fetch-output → deliver (folder destination,
 * temp name + rename) → markDelivered. Only the download is stubbed: every job's "output" is the same
 * tiny verified file, claimed in the store as a real fetch would. Not part of the test suite.
 *
 * <p>Two figures: cold (the first -Dbench.warmup=6000 notices, queued before thaw starts: start-up and
 * JIT included) and warm (the next N, queued while the route is stopped, timed from its restart: the
 * steady rate an instance working through a big vault's notices sustains).
 *
 * Run: bench/run-notice-bench.sh  (or: java -cp CP bench/NoticeBench.java h2|pg [notices] [consumers])
 */
public class NoticeBench {

    static final String VAULT = "bench";

    public static void main(String[] args) throws Exception {
        String storeKind = args.length > 0 ? args[0] : "h2";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        String consumers = args.length > 2 ? args[2] : "1";
        // The H2 URL takes the absolute path: "./" + an absolute path made H2 create it below the working folder.
        // -Dbench.work=/dev/shm/x puts store, staging and outbox on tmpfs: tells thaw's cost from the disk's fsyncs.
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work", "target/bench-work"))
                .resolve("notices-" + storeKind + "-" + System.nanoTime()));
        // -Dbench.pg.synchronous_commit=off (diagnostic only): tells PostgreSQL's commit fsyncs from the rest
        EmbeddedPostgres pg = storeKind.equals("pg") ? EmbeddedPostgres.builder().setServerConfig("synchronous_commit",
                System.getProperty("bench.pg.synchronous_commit", "on")).start() : null;
        // bench.h2.options: e.g. ";WRITE_DELAY=500" to measure H2 without a write per commit (thaw adds WRITE_DELAY=0)
        String url = pg != null ? pg.getJdbcUrl("postgres", "postgres") : "jdbc:h2:file:" + work.resolve("db").toAbsolutePath()
                + System.getProperty("bench.h2.options", "");
        // SQS (ElasticMQ, in the sandbox) runs in a JVM of its own, as SQS is not inside thaw in production;
        // -Dbench.sandbox=inprocess puts it back into this JVM.
        boolean inProcess = "inprocess".equals(System.getProperty("bench.sandbox"));
        Process external = null;
        Sandbox local = null;
        URI endpoint;
        URI sqsDirect;
        String region = "us-east-1";
        if (inProcess) {
            local = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox")));
            endpoint = local.endpoint();
            sqsDirect = local.sqsDirectEndpoint();
            region = local.region();
        } else {
            // the sandbox as users start it: thaw's jar (thaw-core's class path has no CLI)
            external = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("bench.jar", "target/thaw.jar"), "sandbox", "--port", "0", "--data",
                    work.resolve("sandbox").toString()).redirectErrorStream(true).start();
            URI[] both = endpointsOf(external);
            endpoint = both[0];
            sqsDirect = both[1];
        }
        try (AutoCloseable sandboxes = closer(local, external)) {
            Properties p = new Properties();
            LocalWiring.Wired wired = LocalWiring.wire(endpoint, region, p);
            // thaw's SQS client talks to ElasticMQ itself, as it would talk to SQS: the sandbox's edge in front of
            // ElasticMQ (a second HTTP hop, on the same two cores) is not part of what is measured.
            // -Dbench.sqs=edge goes through the edge instead.
            boolean viaEdge = "edge".equals(System.getProperty("bench.sqs"));
            if (!viaEdge) {
                p.setProperty("thaw.aws.sqs-endpoint", sqsDirect.toString());
            }
            p.setProperty("thaw.store.url", url);
            p.setProperty("thaw.store.user", pg != null ? "postgres" : "");
            p.setProperty("thaw.inbox", work.resolve("inbox").toString());
            p.setProperty("thaw.staging", work.resolve("staging").toString());
            p.setProperty("thaw.destination.default", "file:" + work.resolve("outbox"));
            p.setProperty("thaw.allowed-roots", "file:" + work.resolve("outbox"));
            p.setProperty("thaw.notices.wait-seconds", "1");
            p.setProperty("thaw.notices.consumers", consumers);
            p.setProperty("thaw.reconcile.tick-ms", "3600000");
            p.setProperty("camel.main.name", "thaw-bench");

            Path tiny = work.resolve("tiny.bin");
            Files.write(tiny, "a tiny archive for the notice benchmark\n".getBytes());
            String hash = TreeHash.of(tiny);
            long size = Files.size(tiny);
            int warm = Integer.getInteger("bench.warmup", 6000);
            try (JobStore store = JobStore.open(url, pg != null ? "postgres" : null, null)) {
                for (int i = 0; i < warm + n; i++) {
                    store.insert(new NewJob("bench-job-" + i, VAULT, "-", "ArchiveRetrieval", "archive-" + i, "Standard",
                            null, null, null, null, null, "file:" + work.resolve("outbox"), null));
                }
            }
            SqsClient sqs = SqsClient.builder().endpointOverride(viaEdge ? endpoint : sqsDirect).region(Region.of(region))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"))).build();
            send(sqs, wired.queueUrl(), 0, warm, size, hash);
            StubFetcher.tiny = tiny;
            StubFetcher.size = size;
            StubFetcher.hash = hash;
            StubFetcher.staging = Files.createDirectories(work.resolve("staging"));
            Main main = ThawMain.create(io.thaw.ThawConfig.fromFiles(java.util.List.of()), p);
            main.configure().addConfiguration(new StubFetcher());
            Thread t = new Thread(() -> {
                try {
                    main.run();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            t.start();
            while (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
                if (!t.isAlive()) {
                    throw new IllegalStateException("thaw did not start");
                }
                Thread.sleep(20);
            }
            CamelContext camel = main.getCamelContext();
            JobStore store = camel.getRegistry().lookupByNameAndType("jobStore", JobStore.class);
            // Phase 1 (cold): a fresh JVM, the JIT still compiling — what a just-started thaw does.
            double cold = waitDelivered(store, warm, System.nanoTime());
            // Phase 2 (warm): the route is stopped, the next notices queued, the route started again.
            camel.getRouteController().stopRoute("receive-notices");
            send(sqs, wired.queueUrl(), warm, n, size, hash);
            long t0 = System.nanoTime();
            CpuShares before = CpuShares.now(external, pg);
            Map<Long, Long> threadsBefore = threadCpu();
            camel.getRouteController().startRoute("receive-notices");
            double secs = waitDelivered(store, warm + n, t0);
            CpuShares spent = CpuShares.now(external, pg).minus(before);
            if (Boolean.getBoolean("bench.threads")) { // diagnostic: thaw's CPU per notice by thread kind
                printThreadCpu(threadsBefore, Math.max(1, store.countByState().get(JobState.DELIVERED) - warm));
            }
            long delivered = store.countByState().get(JobState.DELIVERED) - warm;
            System.out.printf("notice bench: store=%s consumers=%s sqs=%s cold: %d notices in %.1f s = %.0f notices/s;"
                    + " warm: %d notices in %.1f s = %.0f notices/s; CPU ms per warm notice: %s%n", storeKind, consumers,
                    viaEdge ? "edge" : "direct", warm, cold, warm / cold, delivered, secs, delivered / secs,
                    spent.perNotice(delivered));
            sqs.close();
            main.completed();
            t.join(30_000);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        System.exit(0);
    }

    /**
     * Reads the sandbox's "thaw sandbox: endpoint URL" and "thaw sandbox: sqs direct URL …" lines: {edge, direct
     * SQS}. Its further output is drained.
     */
    static URI[] endpointsOf(Process sandbox) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream()));
        URI edge = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("thaw sandbox: endpoint ")) {
                edge = URI.create(line.substring("thaw sandbox: endpoint ".length()).trim());
            } else if (line.startsWith("thaw sandbox: sqs direct ") && edge != null) {
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException closed) {
                        // the sandbox process was stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new URI[] {edge, URI.create(line.substring("thaw sandbox: sqs direct ".length()).split(" ")[0])};
            }
        }
        throw new IllegalStateException("the sandbox process ended without printing its endpoints");
    }

    /**
     * CPU time so far of thaw (this JVM), the sandbox process and PostgreSQL (every other process below this
     * one): a steadier A/B figure than the rate, which moves with whatever else the machine runs.
     */
    record CpuShares(long thawNanos, long sandboxNanos, long pgNanos) {
        static CpuShares now(Process sandbox, EmbeddedPostgres pg) {
            long sandboxNanos = sandbox == null ? 0 : cpu(sandbox.toHandle());
            long pgNanos = 0;
            if (pg != null) { // the postmaster detaches from this JVM: found by its port, with its backends
                String port = String.valueOf(pg.getPort());
                pgNanos = ProcessHandle.allProcesses()
                        .filter(h -> h.info().command().orElse("").endsWith("/postgres")
                                && java.util.Arrays.asList(h.info().arguments().orElse(new String[0])).contains(port))
                        .flatMapToLong(h -> java.util.stream.LongStream.concat(java.util.stream.LongStream.of(cpu(h)),
                                h.descendants().mapToLong(CpuShares::cpu)))
                        .sum();
            }
            return new CpuShares(cpu(ProcessHandle.current()), sandboxNanos, pgNanos);
        }

        static long cpu(ProcessHandle h) {
            return h.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }

        CpuShares minus(CpuShares o) {
            return new CpuShares(thawNanos - o.thawNanos, sandboxNanos - o.sandboxNanos, pgNanos - o.pgNanos);
        }

        String perNotice(long notices) {
            double k = 1e6 * Math.max(1, notices);
            return String.format("thaw %.2f, sqs %.2f, pg %.2f", thawNanos / k, sandboxNanos / k, pgNanos / k);
        }
    }

    static Map<Long, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> m = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            m.put(id, mx.getThreadCpuTime(id));
        }
        return m;
    }

    static void printThreadCpu(Map<Long, Long> before, long notices) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (long id : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
            long now = mx.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            byKind.merge(info.getThreadName().replaceAll("\\d+", "N"), now - before.getOrDefault(id, 0L), Long::sum);
        }
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("notice bench: thread %-60s %.3f ms per notice%n", e.getKey(),
                        e.getValue() / 1e6 / notices));
    }

    static AutoCloseable closer(Sandbox local, Process external) {
        return () -> {
            if (local != null) {
                local.close();
            }
            if (external != null) {
                external.destroy();
                external.waitFor();
            }
        };
    }

    static void send(SqsClient sqs, String queueUrl, int from, int count, long size, String hash) {
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(notice(i, size, hash)).build());
            if (batch.size() == 10 || i == from + count - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                batch.clear();
            }
        }
    }

    /** Seconds from t0 until the store has {@code total} DELIVERED jobs (gives up after 10 minutes). */
    static double waitDelivered(JobStore store, long total, long t0) throws InterruptedException {
        while (store.countByState().getOrDefault(JobState.DELIVERED, 0L) < total
                && System.nanoTime() - t0 < 600_000_000_000L) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static String notice(int i, long size, String hash) {
        String now = Instant.now().toString();
        return "{\"Action\":\"ArchiveRetrieval\",\"ArchiveId\":\"archive-" + i + "\",\"ArchiveSHA256TreeHash\":\"" + hash
                + "\",\"ArchiveSizeInBytes\":" + size + ",\"Completed\":true,\"CompletionDate\":\"" + now
                + "\",\"CreationDate\":\"" + now + "\",\"InventoryRetrievalParameters\":null,\"InventorySizeInBytes\":null,"
                + "\"JobDescription\":null,\"JobId\":\"bench-job-" + i + "\",\"RetrievalByteRange\":\"0-" + (size - 1)
                + "\",\"SHA256TreeHash\":\"" + hash + "\",\"SNSTopic\":null,\"StatusCode\":\"Succeeded\",\"StatusMessage\":"
                + "\"Succeeded\",\"Tier\":\"Standard\",\"VaultARN\":\"arn:aws:glacier:us-east-1:123456789012:vaults/"
                + VAULT + "\"}";
    }

    /**
     * Replaces the download only: a stand-in for the glacier: component whose getJobOutput copies the tiny
     * file into the staging folder route fetch-output names, so the real claim, hold and delivery run.
     */
    public static class StubFetcher implements CamelConfiguration {
        static Path tiny;
        static long size;
        static String hash;
        static Path staging;

        @Override
        public void configure(CamelContext ctx) {
            // a GlacierComponent (Camel configures the "glacier" component as one) whose endpoints only copy
            ctx.getRegistry().bind("glacier", new io.thaw.camel.glacier.GlacierComponent(ctx) {
                @Override
                protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                    parameters.clear(); // the route's download options do not matter to a copy
                    return new DefaultEndpoint(uri, this) {
                        @Override
                        public Producer createProducer() {
                            return new DefaultProducer(this) {
                                @Override
                                public void process(Exchange e) throws Exception {
                                    Message m = e.getMessage();
                                    Path dir = Files.createDirectories(m.getHeader(GlacierConstants.STAGING_DIRECTORY,
                                            Path.class));
                                    Path f = dir.resolve(m.getHeader(GlacierConstants.JOB_ID, String.class) + ".part");
                                    Files.copy(tiny, f, StandardCopyOption.REPLACE_EXISTING);
                                    m.setHeader(GlacierConstants.CONTENT_LENGTH, size);
                                    m.setHeader(GlacierConstants.TREE_HASH, hash);
                                    m.setHeader(GlacierConstants.CHUNKS_FETCHED, 1);
                                    m.setBody(f.toFile());
                                }
                            };
                        }

                        @Override
                        public Consumer createConsumer(Processor processor) {
                            throw new UnsupportedOperationException("the bench only downloads");
                        }
                    };
                }
            });
        }
    }
}
