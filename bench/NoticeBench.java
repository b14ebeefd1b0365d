import io.thaw.ThawMain;
import io.thaw.cli.LocalWiring;
import io.thaw.glacier.OutputFetcher;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobClaims;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.store.NewJob;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Notices per second from SQS (ElasticMQ inside the sandbox) through the real routes into the store:
 * receive-notices → NoticeHandler (parse, markStaged) → fetch-output → deliver (folder destination,
 * temp name + rename) → markDelivered. Only the download is stubbed: every job's "output" is the same
 * tiny verified file, claimed in the store as a real fetch would. Not part of the test suite.
 *
 * Run: bench/run-notice-bench.sh  (or: java -cp CP bench/NoticeBench.java h2|pg [notices] [consumers])
 */
public class NoticeBench {

    static final String VAULT = "bench";

    public static void main(String[] args) throws Exception {
        String storeKind = args.length > 0 ? args[0] : "h2";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        String consumers = args.length > 2 ? args[2] : "1";
        // -Dbench.work=/dev/shm/x puts store, staging and outbox on tmpfs: tells thaw's cost from the disk's fsyncs.
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work", "target/bench-work"))
                .resolve("notices-" + storeKind + "-" + System.nanoTime()));
        EmbeddedPostgres pg = storeKind.equals("pg") ? EmbeddedPostgres.builder().start() : null;
        String url = pg != null ? pg.getJdbcUrl("postgres", "postgres") : "jdbc:h2:file:./" + work.resolve("db");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox")))) {
            Properties p = new Properties();
            LocalWiring.Wired wired = LocalWiring.wire(sandbox, p);
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
            try (JobStore store = JobStore.open(url, pg != null ? "postgres" : null, null)) {
                for (int i = 0; i < n; i++) {
                    store.insert(new NewJob("bench-job-" + i, VAULT, "-", "ArchiveRetrieval", "archive-" + i, "Standard",
                            null, null, null, null, null, "file:" + work.resolve("outbox"), null));
                }
            }
            try (SqsClient sqs = SqsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"))).build()) {
                List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(notice(i, size, hash)).build());
                    if (batch.size() == 10 || i == n - 1) {
                        List<SendMessageBatchRequestEntry> send = List.copyOf(batch);
                        sqs.sendMessageBatch(b -> b.queueUrl(wired.queueUrl()).entries(send));
                        batch.clear();
                    }
                }
            }
            StubFetcher.tiny = tiny;
            StubFetcher.size = size;
            StubFetcher.hash = hash;
            StubFetcher.staging = Files.createDirectories(work.resolve("staging"));
            Main main = ThawMain.create(Path.of("config/application.properties"), p);
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
            long t0 = System.nanoTime();
            JobStore store = main.getCamelContext().getRegistry().lookupByNameAndType("jobStore", JobStore.class);
            long delivered = 0;
            while (delivered < n) {
                Thread.sleep(200);
                delivered = store.countByState().get(JobState.DELIVERED);
                if (System.nanoTime() - t0 > 600_000_000_000L) {
                    break;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("notice bench: store=%s notices=%d consumers=%s delivered=%d in %.1f s = %.0f notices/s%n",
                    storeKind, n, consumers, delivered, secs, delivered / secs);
            main.completed();
            t.join(30_000);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        System.exit(0);
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

    /** Replaces the download only: claims the job like the real fetcher and hands over the tiny file. */
    public static class StubFetcher implements CamelConfiguration {
        static Path tiny;
        static long size;
        static String hash;
        static Path staging;
        CamelContext ctx;
        volatile JobStore store;
        volatile JobClaims claims;

        @Override
        public void configure(CamelContext ctx) {
            StubFetcher f = new StubFetcher();
            f.ctx = ctx;
            ctx.getRegistry().bind("outputFetcher", f);
        }

        public OutputFetcher.Fetched fetch(String jobId) throws Exception {
            if (claims == null) {   // looked up late: the beans are bound in an order the bench does not control
                store = ctx.getRegistry().lookupByNameAndType("jobStore", JobStore.class);
                claims = new JobClaims(store);
            }
            Instant now = Instant.now();
            if (!claims.claim(jobId, "bench", now, now.plusSeconds(120))) {
                return null;
            }
            JobRecord j = store.find(jobId).orElseThrow();
            Path f = staging.resolve(jobId + ".part");
            Files.copy(tiny, f, StandardCopyOption.REPLACE_EXISTING);
            return new OutputFetcher.Fetched(j, f, size, hash, "bench/" + j.archiveId() + ".txt");
        }
    }
}
