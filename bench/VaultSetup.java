import io.thaw.setup.LocalWiring;
import io.thaw.sandbox.ArchiveUploader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Prepares bench/run-vault.sh: a vault ("bench" unless named) in a running sandbox with N small archives
 * (1-4 KiB, distinct contents, other contents in each vault), the SNS topic and SQS queue thaw listens on, and
 * the settings thaw needs.
 * Usage: java -cp target/thaw.jar bench/VaultSetup.java ENDPOINT N OUT.properties [VAULT]
 */
public class VaultSetup {
    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        Path props = Path.of(args[2]);
        String vault = args.length > 3 ? args[3] : "bench";
        Path tmp = Files.createTempDirectory("vault-setup");
        try (GlacierClient glacier = GlacierClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .build()) {
            glacier.createVault(b -> b.accountId("-").vaultName(vault));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicInteger done = new AtomicInteger();
            for (int t = 0; t < 4; t++) {
                int first = t;
                pool.submit(() -> {
                    ArchiveUploader up = new ArchiveUploader(glacier);
                    Random r = new Random(vault.equals("bench") ? first : first + 31L * vault.hashCode()); // "bench" as before
                    for (int i = first; i < n; i += 4) {
                        byte[] b = new byte[1024 + r.nextInt(3072)];
                        r.nextBytes(b);
                        Path f = tmp.resolve("a" + i);
                        Files.write(f, b);
                        up.upload(vault, f, String.format("files/%03d/archive-%07d.bin", i % 1000, i));
                        Files.delete(f);
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(1, TimeUnit.HOURS) || done.get() != n) {
                throw new IllegalStateException("uploaded " + done.get() + " of " + n);
            }
        }
        Properties o = new Properties();
        LocalWiring.wire(endpoint, "us-east-1", o);
        StringBuilder sb = new StringBuilder();
        o.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(props, sb.toString());
        System.out.println("uploaded " + n + " archives to vault " + vault + "; settings in " + props);
    }
}
