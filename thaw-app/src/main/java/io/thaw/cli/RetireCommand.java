package io.thaw.cli;

import io.thaw.ThawConfig;
import io.thaw.deliver.Destinations;
import io.thaw.glacier.AwsClients;
import io.thaw.plan.RunStore;
import io.thaw.retire.ArchiveDeleter;
import io.thaw.retire.CopyVerifier;
import io.thaw.retire.DeliveredArchives;
import io.thaw.retire.RetireManifest;
import io.thaw.retire.RetirePlanner;
import io.thaw.retire.RetireReport;
import io.thaw.retire.RetireSettings;
import io.thaw.retire.RetireStore;
import io.thaw.retire.VaultLock;
import io.thaw.retire.VaultRemover;
import io.thaw.store.JobStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * {@code thaw retire}: deletes from Glacier only archives whose verified copy thaw delivered and can
 * read back, with the same tree hash, right now; and, with --delete-vault, the vault once an inventory
 * shows it empty. A dry run unless --confirm.
 */
@Command(name = "retire", mixinStandardHelpOptions = true,
        description = {"Deletes archives from a vault once their delivered copies are proven safe (DRY RUN unless"
                + " --confirm).",
                "An archive is deleted only when thaw delivered it whole and verified, its copy is read back now with"
                        + " the same tree hash, the delivery is older than --min-age, every archive with the same content"
                        + " is verified too, and no Vault Lock policy denies DeleteArchive.",
                "Exit codes: 0 done (or dry run); 1 refused or failed; 2 bad arguments; 75 try again later."})
public final class RetireCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles config;

    @Option(names = "--vault", required = true, description = "the vault")
    String vault;

    @Option(names = "--run", paramLabel = "RUN", description = "only archives retrieved by this whole-vault run")
    String run;

    @Option(names = "--confirm", description = "really delete (default: dry run, nothing is deleted)")
    boolean confirm;

    @Option(names = "--min-age", paramLabel = "AGE", defaultValue = "7d",
            description = "quarantine: keep archives delivered less than AGE ago (default: ${DEFAULT-VALUE})")
    String minAge;

    @Option(names = "--max-deletes", paramLabel = "N", defaultValue = "0", description = "delete at most N archives (0 = no cap)")
    long maxDeletes;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--delete-vault", description = "delete the vault itself, once a fresh inventory lists no archives")
    boolean deleteVault;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "0s",
            description = "--delete-vault: wait this long for the inventory job (e.g. 6h; default: do not wait)")
    String wait;

    @Option(names = "--account", description = "account id ('-' = the credentials' account; default thaw.aws.account)")
    String account;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ThawConfig cfg;
        RetireSettings settings;
        Duration quarantine;
        Duration waitFor;
        try {
            cfg = config.load();
            settings = RetireSettings.from(cfg);
            quarantine = RetireSettings.parseAge(minAge);
            waitFor = RetireSettings.parseAge(wait);
            if (maxDeletes < 0) {
                throw new IllegalArgumentException("--max-deletes " + maxDeletes + " is negative — give 0 (no cap) or more");
            }
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        String acct = account != null ? account : cfg.get("thaw.aws.account");
        AwsClients aws = new AwsClients(cfg);
        try (JobStore jobs = JobStore.open(cfg.get("thaw.store.url"),
                cfg.get("thaw.store.user"), cfg.get("thaw.store.password"));
             GlacierClient glacier = aws.glacier()) {
            RetireStore store = new RetireStore(jobs);
            try {
                glacier.describeVault(b -> b.accountId(acct).vaultName(vault));
            } catch (ResourceNotFoundException e) {
                return fail(err, 1, "vault '" + vault + "' not found in " + aws.region().id() + " ("
                        + e.awsErrorDetails().errorMessage() + ") — check --vault and thaw.aws.region");
            }
            if (run != null && new RunStore(jobs).run(run).filter(r -> r.vault().equals(vault)).isEmpty()) {
                return fail(err, 2, "no run '" + run + "' of vault '" + vault + "' in the job store — `thaw status`"
                        + " lists the runs");
            }
            String retireId = newId();
            if (deleteVault) {
                VaultRemover.Outcome o = new VaultRemover(glacier, store, out).run(retireId, acct, vault, confirm, waitFor);
                return switch (o) {
                    case DELETED, WOULD_DELETE -> 0;
                    case WAITING -> 75;
                    default -> 1;
                };
            }
            return retire(cfg, settings, quarantine, acct, glacier, jobs, store, retireId, out, err);
        } catch (GlacierException e) {
            return fail(err, 1, "Glacier refused a request for vault '" + vault + "': " + e.awsErrorDetails().errorCode()
                    + " " + e.awsErrorDetails().errorMessage() + " — check the credentials' glacier permissions; a rerun"
                    + " resumes where this one stopped");
        } catch (SdkException e) {
            return fail(err, 75, "Glacier could not be reached: " + e.getMessage() + " — check thaw.aws.endpoint/region"
                    + " and the network, then run again: a rerun resumes where this one stopped");
        }
    }

    private int retire(ThawConfig cfg, RetireSettings settings, Duration quarantine, String acct, GlacierClient glacier,
                       JobStore jobs, RetireStore store, String retireId, PrintWriter out, PrintWriter err) throws Exception {
        String lock = VaultLock.refusal(glacier, acct, vault);
        if (confirm && lock != null) { // refused before reading a single copy back: nothing could be deleted
            store.create(retireId, vault, acct, true);
            store.finish(retireId, RetireStore.REFUSED, lock);
            return fail(err, 1, lock + " (run without --confirm to see what would be deleted otherwise)");
        }
        Path inventory = latestInventory(jobs);
        RetirePlanner.Scope scope = new RetirePlanner.Scope(vault, run, quarantine, maxDeletes, lock, inventory);
        // FTP/SFTP copies are read through camel-ftp; its lifecycle lines would mix into the report (--json)
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.camel"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        try (Destinations destinations = new Destinations(cfg, camel)) {
            RetirePlanner planner = new RetirePlanner(store, new DeliveredArchives(jobs), new CopyVerifier(destinations));
            RetireStore.Retire resumed = confirm ? store.unfinished(vault).orElse(null) : null;
            if (resumed != null) {
                retireId = resumed.retireId();
                err.println("thaw retire: resuming " + retireId + " (stopped before it finished); re-verifying the copies"
                        + " of the archives it had still to delete");
                err.flush();
                planner.reverifyPending(retireId, scope);
            } else {
                store.abandonPlanning(vault);
                store.create(retireId, vault, acct, confirm);
                planner.plan(retireId, scope);
                store.planned(retireId);
            }
            String manifest = null;
            if (!confirm) {
                store.finish(retireId, RetireStore.DRY_RUN, lock);
            } else {
                String id = retireId;
                String stopped = new ArchiveDeleter(glacier, store, settings.deletesPerSecond()).deleteAll(retireId, acct,
                        vault, (i, gone) -> {
                            err.println("thaw retire: deleted " + i.archiveId() + " (" + i.size() + " bytes)"
                                    + (gone ? " — Glacier no longer had it (ResourceNotFoundException): counted as deleted" : ""));
                            err.flush();
                        });
                store.finish(id, stopped == null ? RetireStore.DONE : RetireStore.REFUSED, stopped);
                manifest = RetireManifest.write(store, retireId,
                        Path.of(cfg.get("thaw.runs.report-folder"))).toString();
            }
            RetireStore.Retire r = store.retire(retireId).orElseThrow();
            RetireReport report = new RetireReport(store, settings);
            if (json) {
                report.json(out, r, manifest);
            } else {
                report.text(out, r);
                if (manifest != null) {
                    out.println("  manifest: " + manifest + " (and .json)");
                    out.flush();
                }
            }
            return RetireStore.REFUSED.equals(r.state()) ? 1 : 0;
        } finally {
            camel.close();
        }
    }

    /** The newest inventory of the vault delivered to a folder (CreationDate of each archive), or null. */
    private Path latestInventory(JobStore jobs) {
        try {
            return new RunStore(jobs).latestInventory(vault).orElse(null);
        } catch (RuntimeException gone) {
            return null; // delivered once, gone since: ages stay unknown, the report says so
        }
    }

    private String newId() {
        return "retire-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
                .format(java.time.Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("thaw retire: " + message);
        err.flush();
        return code;
    }
}
