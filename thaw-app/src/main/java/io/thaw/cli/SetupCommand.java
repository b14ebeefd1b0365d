package io.thaw.cli;

import io.thaw.ThawConfig;
import io.thaw.glacier.AwsClients;
import io.thaw.setup.NoticeSetup;
import io.thaw.setup.SetupException;
import io.thaw.setup.SetupOptions;
import io.thaw.setup.SetupResult;
import io.thaw.setup.SetupStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code thaw setup}: the SNS topic, SQS queue, dead-letter queue, subscription and vault notifications. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Creates (or finds) what Glacier's job notices need to reach thaw: an SNS topic in the vault's",
                "region, an SQS queue only that topic may send to, a dead-letter queue, the subscription, and the",
                "vault's notifications for ArchiveRetrievalCompleted and InventoryRetrievalCompleted. Safe to run",
                "again: what exists is left alone. Prints the settings to paste into the configuration."})
public final class SetupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFiles config;

    @Option(names = "--vault", description = {"vault whose notifications to wire; without it only topic, queues and",
            "subscription are made, and jobs name the topic themselves (thaw.jobs.sns-topic)"})
    String vault;

    @Option(names = "--account", description = "account id of the vault (default: thaw.aws.account, '-' = yours)")
    String account;

    @Option(names = "--topic", defaultValue = SetupOptions.DEFAULT_NAME,
            description = "SNS topic name (created if missing) or ARN of an existing topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--queue", defaultValue = SetupOptions.DEFAULT_NAME,
            description = "SQS queue name; the dead-letter queue is <name>-dlq (default: ${DEFAULT-VALUE})")
    String queue;

    @Option(names = "--raw", description = "raw message delivery: the queue gets the bare Glacier JSON")
    boolean raw;

    @Option(names = "--max-receives", defaultValue = "10",
            description = "receives after which SQS moves a notice to the dead-letter queue (default: ${DEFAULT-VALUE})")
    int maxReceives;

    @Option(names = "--replace-vault-topic", description = "replace a vault notification topic that is not this one")
    boolean replaceVaultTopic;

    @Option(names = "--dry-run", description = "only look: print the calls that would be made")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ThawConfig cfg = config.load();
        AwsClients aws = new AwsClients(cfg);
        SetupOptions o = SetupOptions.forVault(vault).withNames(topic, queue).withRaw(raw).withDryRun(dryRun)
                .withMaxReceives(maxReceives).withReplaceVaultTopic(replaceVaultTopic)
                .withAccount(account != null ? account : cfg.get("thaw.aws.account"));
        try (SnsClient sns = aws.sns(); SqsClient sqs = aws.sqs(); GlacierClient glacier = aws.glacier()) {
            SetupResult r = new NoticeSetup(sns, sqs, glacier, aws.region().id()).run(o);
            print(out, r);
            return 0;
        } catch (SetupException e) {
            err.println("thaw setup: " + e.getMessage());
            return 1;
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            err.println("thaw setup: cannot reach AWS in " + aws.region() + ": " + e.getMessage()
                    + " — check the network, thaw.aws.endpoint and the credentials (thaw.aws.profile)");
            return 1;
        }
    }

    static void print(PrintWriter out, SetupResult r) {
        out.println(r.dryRun() ? "thaw setup --dry-run (" + r.region() + "): nothing was changed" : "thaw setup ("
                + r.region() + "):");
        for (SetupStep s : r.steps()) {
            out.println("  " + s.toString().replace("\n", "\n  "));
        }
        for (String w : r.warnings()) {
            out.println("WARNING: " + w);
        }
        if (r.changedNothing()) {
            out.println("Nothing to change: everything was already set up.");
        } else if (r.dryRun()) {
            out.println("Run again without --dry-run to make these changes.");
        }
        out.println();
        out.println("Paste into config/application.properties (or set as environment variables):");
        for (String line : r.configLines()) {
            out.println("  " + line);
        }
        out.flush();
    }
}
