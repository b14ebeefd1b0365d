package io.thaw.cli;

import io.thaw.sandbox.Faults;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thaw sandbox}: a local Glacier + SNS + SQS on one port, until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Runs a local AWS sandbox (Glacier, SNS, SQS on one endpoint) until interrupted.")
public final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "4566", description = "Edge port (0 = a free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--data", description = "Directory for archive bytes and job outputs (default: a temp dir deleted on exit)")
    Path data;

    @Option(names = "--job-delay", defaultValue = SandboxOptions.DEFAULT_JOB_DELAYS,
            description = "Job completion delay per tier, e.g. Expedited=1s,Standard=3s,Bulk=5s (ms/s/m/h), or 'real'")
    String jobDelay;

    @Option(names = "--faults", description = "Injected faults, e.g. throttle=0.05,error500=0.05,truncate=0.02,corrupt=0.01,seed=42")
    String faults;

    @Option(names = "--link", paramLabel = "rate=R,rtt=T", description = {"model a distant service: cap each TCP"
            + " connection's", "response rate and add a round trip before each response's first byte,",
            "e.g. rate=40MiB/s,rtt=40ms (applies to every client alike)"})
    String link;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region in ARNs. Default: ${DEFAULT-VALUE}")
    String region;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = {"name other machines use to reach the sandbox",
            "(e.g. the Compose service name); anything but 127.0.0.1 listens on every interface — private",
            "networks only: the sandbox accepts any credentials. Default: ${DEFAULT-VALUE}"})
    String host;

    @Option(names = "--inventory-refresh", defaultValue = "0s", description = {"how long deleted archives stay in",
            "inventories, and DeleteVault is refused after a write (Glacier refreshes about daily), e.g. 5m or 24h.",
            "Default: ${DEFAULT-VALUE} (at once)"})
    String inventoryRefresh;

    @Option(names = "--full-jit", description = {"compile all of the sandbox's code with C2 (by default only its loops over",
            "bytes and characters are: it then takes less of the CPU it shares with thaw)"})
    boolean fullJit;

    @Override
    public Integer call() throws InterruptedException {
        SandboxOptions o;
        io.thaw.sandbox.LinkModel linkModel;
        try {
            linkModel = io.thaw.sandbox.LinkModel.parse(link);
            o = SandboxOptions.defaults().withPort(port).withDataDir(data).withJobDelays(jobDelay)
                    .withFaults(Faults.parse(faults)).withRegion(region).withHost(host);
        } catch (IllegalArgumentException e) {
            System.err.println("thaw sandbox: " + e.getMessage());
            return 2;
        }
        java.time.Duration refresh;
        try {
            refresh = SandboxOptions.parseDuration(inventoryRefresh);
        } catch (IllegalArgumentException e) {
            System.err.println("thaw sandbox: --inventory-refresh: " + e.getMessage());
            return 2;
        }
        if (!fullJit) {
            String kept = SandboxCompiler.lighten();
            if (kept != null) {
                System.err.println("thaw sandbox: the JVM compiles everything with C2 (" + kept + ")");
            }
        }
        Sandbox sandbox = Sandbox.start(o);
        sandbox.setInventoryRefresh(refresh);
        sandbox.setLink(linkModel);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            // what it served, e.g. for a benchmark's calls per archive (sqs:* are SQS calls through the edge)
            System.out.println("thaw sandbox: requests " + sandbox.log().requestCounts());
            System.out.flush();
            stopped.countDown();
        }, "sandbox-shutdown"));
        String url = sandbox.endpoint().toString();
        System.out.println("thaw sandbox: endpoint " + url);
        System.out.println("  Glacier, SNS and SQS all answer there (account " + sandbox.accountId() + ", region "
                + sandbox.region() + "). For the AWS CLI:");
        System.out.println("    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=" + sandbox.region());
        System.out.println("    aws --endpoint-url " + url + " glacier list-vaults --account-id -");
        System.out.println("thaw sandbox: sqs direct " + sandbox.sqsDirectEndpoint() + " (ElasticMQ without the edge, for"
                + " thaw.aws.sqs-endpoint: no request counts, no queue-policy checks)");
        if (link != null) {
            System.out.println("thaw sandbox: link model " + linkModel.bytesPerSecond() + " bytes/s per connection, round"
                    + " trip +" + linkModel.rtt().toMillis() + " ms before each response");
        }
        System.out.println("  Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
