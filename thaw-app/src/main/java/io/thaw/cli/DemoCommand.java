package io.thaw.cli;

import io.thaw.setup.LocalWiring;
import io.thaw.ThawMain;
import io.thaw.sandbox.ArchiveUploader;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Shows thaw end to end with no AWS account: a sandbox with a demo vault, sample request files in
 * both shapes (and one broken one), the real routes, and a summary that compares every delivered
 * file with the original bytes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs thaw end to end on the built-in sandbox: creates a demo vault with a few archives,",
                "drops request files, and waits until every archive is delivered under work/outbox/."})
public final class DemoCommand implements Callable<Integer> {

    static final String VAULT = "demo-photos";

    @Mixin
    ConfigFiles config;

    @Option(names = "--timeout", defaultValue = "PT3M", description = "give up after this long (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--vault-run", paramLabel = "N", defaultValue = "0", description = {"then restore a vault of N small"
            + " archives with one whole-vault run (bin/thaw-cds trains with it); its own --timeout"})
    int vaultRun;

    @Override
    public Integer call() throws Exception {
        Path demo = Path.of("work/demo");
        Demos.deleteTree(demo);
        Path originals = Files.createDirectories(demo.resolve("originals"));
        Path inbox = Files.createDirectories(demo.resolve("inbox"));
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(demo.resolve("sandbox"))
                .withJobDelays("Expedited=1s,Standard=2s,Bulk=3s"))) {
            Properties o = new Properties();
            LocalWiring.wire(sandbox.endpoint(), sandbox.region(), o);
            o.setProperty("thaw.inbox", inbox.toString());
            o.setProperty("thaw.inbox.settle-ms", "300");
            o.setProperty("thaw.store.url", "jdbc:h2:file:./work/demo/thaw-db");
            o.setProperty("thaw.destination.default", "file:work/outbox");
            o.setProperty("thaw.allowed-roots", "file:work/outbox");
            o.setProperty("thaw.staging", "work/demo/staging");
            o.setProperty("thaw.notices.wait-seconds", "1");
            o.setProperty("thaw.notices.error-folder", "work/demo/notices-error");
            o.setProperty("thaw.inventory.vaults", VAULT);
            o.setProperty("thaw.inventory.schedule", "PT24H");
            o.setProperty("thaw.inventory.tick-ms", "1000");
            o.setProperty("thaw.download.chunk-mib", "8");

            System.out.println("thaw demo: sandbox at " + sandbox.endpoint() + "; uploading the demo vault '" + VAULT + "'");
            Map<String, String> sha = new LinkedHashMap<>();
            Map<String, DemoArchives.Sample> byId = new LinkedHashMap<>();
            try (GlacierClient glacier = glacier(sandbox)) {
                glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
                long seed = 1;
                for (DemoArchives.Sample s : DemoArchives.samples()) {
                    Path f = originals.resolve(s.file());
                    String digest = DemoArchives.generate(f, s.size(), seed++);
                    String id = new ArchiveUploader(glacier).upload(VAULT, f, s.description()).archiveId();
                    sha.put(id, digest);
                    byId.put(id, s);
                }
            }
            List<String> ids = new ArrayList<>(byId.keySet());
            writeRequests(inbox, ids);

            Main main = ThawMain.create(config.load(), o);
            main.start();
            try {
                int exit = awaitAndReport(main, sha, byId);
                if (exit != 0 || vaultRun <= 0) {
                    return exit;
                }
                System.out.println();
                System.out.println("thaw demo: uploading " + vaultRun + " archives to '" + DemoVaultRun.VAULT
                        + "' for a whole-vault run");
                try (GlacierClient glacier = glacier(sandbox)) {
                    DemoVaultRun.upload(glacier, demo.resolve("vault-run"), vaultRun);
                }
                return DemoVaultRun.run(main, inbox, vaultRun, timeout);
            } finally {
                main.stop();
            }
        }
    }

    private static GlacierClient glacier(Sandbox sandbox) {
        return GlacierClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .build();
    }

    /** A delivered file: relative to the working directory and decoded, as the user would look for it. */
    static String shown(String location) {
        if (!location.startsWith("file:")) {
            return location;
        }
        Path p = Path.of(URI.create(location));
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    /** Both request shapes: an envelope for two archives, a bare CLI file per archive, a named one, a broken one. */
    private static void writeRequests(Path inbox, List<String> ids) throws Exception {
        Demos.write(inbox.resolve("restore-two.json"), "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"Tier\":\"Expedited\"},\"archives\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\"]}");
        Path bare = Files.createDirectories(inbox.resolve(VAULT));
        Demos.write(bare.resolve("job-archive-retrieval.json"), "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\""
                + ids.get(2) + "\",\"Description\":\"demo: bare AWS CLI job parameters\",\"Tier\":\"Bulk\"}");
        Demos.write(bare.resolve("job-db.json"), "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + ids.get(3) + "\"}");
        Demos.write(inbox.resolve("named.json"), "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"ArchiveId\":\"" + ids.get(4) + "\",\"Tier\":\"Standard\"},\"name\":\"demo/renamed-mystery.bin\"}");
        Demos.write(inbox.resolve("broken.json"), "{\"vault\":\"" + VAULT + "\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"RetrievalByteRange\":\"1-2\"},\"archives\":[\"" + ids.get(0) + "\"]}");
    }

    private int awaitAndReport(Main main, Map<String, String> sha, Map<String, DemoArchives.Sample> byId)
            throws Exception {
        JobStore store = main.getCamelContext().getRegistry().lookupByNameAndType("jobStore", JobStore.class);
        Instant deadline = Instant.now().plus(timeout);
        int expected = sha.size() + 1; // every archive plus the scheduled inventory
        List<JobRecord> jobs;
        while (true) {
            jobs = store.list(VAULT);
            long fin = jobs.stream().filter(j -> j.state().isFinal()).count();
            if (jobs.size() >= expected && fin == jobs.size()) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                System.out.println("thaw demo: timed out after " + timeout + " with " + fin + " of " + expected
                        + " jobs finished");
                StatusCommand.print(System.out, jobs, store.countByState(), Instant.now());
                return 1;
            }
            Thread.sleep(500);
        }
        System.out.println();
        System.out.printf("%-10s %-10s %-9s %12s  %-8s %s%n", "ARCHIVE", "JOB", "STATE", "BYTES", "BYTES OK", "DELIVERED TO");
        int bad = 0;
        for (JobRecord j : jobs) {
            String ok = "-";
            if (j.archiveId() != null) {
                boolean same = j.state() == JobState.DELIVERED
                        && DemoArchives.sha256(Path.of(URI.create(j.deliveredTo()))).equals(sha.get(j.archiveId()));
                ok = same ? "yes" : "NO";
                bad += same ? 0 : 1;
            }
            System.out.printf("%-10s %-10s %-9s %12s  %-8s %s%n", j.archiveId() == null ? "inventory"
                    : JobRecord.shortId(j.archiveId()), JobRecord.shortId(j.jobId()), j.state(),
                    j.outputSize() == null ? "-" : j.outputSize(), ok, j.deliveredTo() == null ? j.error() : shown(j.deliveredTo()));
        }
        Path errors = Path.of(main.getCamelContext().resolvePropertyPlaceholders("{{thaw.inbox}}")).resolve(".error");
        System.out.println();
        System.out.println("rejected request files (on purpose: broken.json) are in " + errors + ":");
        try (var s = Files.list(errors)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".error.txt")).sorted().toList()) {
                System.out.println("  " + p.getFileName() + ": " + Files.readString(p, StandardCharsets.UTF_8)
                        .lines().skip(2).findFirst().orElse(""));
            }
        }
        System.out.println();
        System.out.println(bad == 0 ? "thaw demo: all " + sha.size() + " archives delivered and verified under work/outbox/"
                : "thaw demo: " + bad + " archive(s) NOT delivered intact");
        return bad == 0 ? 0 : 1;
    }
}
