package io.thaw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.thaw.ThawConfig;
import io.thaw.inventory.InventoryReader;
import io.thaw.plan.ArchiveFilter;
import io.thaw.plan.DestinationCosts;
import io.thaw.plan.Pace;
import io.thaw.plan.PlanPrinter;
import io.thaw.plan.RateTable;
import io.thaw.plan.RunStore;
import io.thaw.plan.Selection;
import io.thaw.plan.VaultPlan;
import io.thaw.store.JobStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Previews a whole-vault (or filtered) retrieval: counts, sizes, duplicates, cost per tier, time at pace. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows what retrieving a vault (or the archives the filters select) costs and takes, before",
                "anything is started: archives, bytes, size bands, duplicates (same tree hash and size: retrieved",
                "once), archives over 5 TiB, cost per tier from thaw.rates.*, the time thaw.pace.* needs (Glacier time + download time, and the",
                "limit that binds), S3 destination costs and Glacier's early-deletion charge."})
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles config;

    @Option(names = "--vault", required = true, description = "the vault")
    String vault;

    @Option(names = "--inventory", paramLabel = "FILE", description = {"inventory file (JSON or CSV, as Glacier",
            "delivers it); default: the newest inventory of the vault delivered to a folder (job store)"})
    Path inventory;

    @Option(names = "--glob", paramLabel = "GLOB", description = "only descriptions matching this glob (* and ?)")
    String glob;

    @Option(names = "--regex", paramLabel = "REGEX", description = "only descriptions matching this Java regex")
    String regex;

    @Option(names = "--min-size", paramLabel = "BYTES", description = "only archives of at least this size")
    Long minSize;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "only archives of at most this size")
    Long maxSize;

    @Option(names = "--created-after", paramLabel = "UTC", description = "only archives created at or after, e.g. 2019-01-01T00:00:00Z")
    String createdAfter;

    @Option(names = "--created-before", paramLabel = "UTC", description = "only archives created before")
    String createdBefore;

    @Option(names = "--ids", paramLabel = "FILE", description = "only the archive ids in this file (one per line)")
    Path ids;

    @Option(names = "--max-archives", paramLabel = "N", defaultValue = "0", description = "at most N retrievals (0 = all)")
    long maxArchives;

    @Option(names = "--storage-class", paramLabel = "CLASS", defaultValue = "STANDARD", description = {"S3 storage",
            "class for the destination-cost lines, e.g. DEEP_ARCHIVE (default: ${DEFAULT-VALUE})"})
    String storageClass;

    @Option(names = "--download-rate", paramLabel = "SIZE", description = {"bytes per second thaw downloads and",
            "delivers, e.g. 20MiB (default: thaw.pace.download-rate)"})
    String downloadRate;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ThawConfig cfg = config.load();
        Selection s = new Selection(glob, regex, minSize, maxSize, createdAfter, createdBefore,
                ids == null ? null : ids.toString(), maxArchives, true, Selection.LATEST, 0, null);
        ArchiveFilter filter;
        try {
            filter = s.toFilter();
        } catch (RuntimeException e) {
            System.err.println("thaw plan: a filter is invalid: " + e.getMessage());
            return 2;
        }
        Path file = inventory != null ? inventory : latest(cfg);
        if (file == null) {
            return 1;
        }
        if (!Files.isReadable(file)) {
            System.err.println("thaw plan: inventory " + file + " cannot be read — check the path");
            return 1;
        }
        VaultPlan plan;
        try (InputStream in = Files.newInputStream(file); InventoryReader r = InventoryReader.open(in)) {
            plan = VaultPlan.of(r, filter, maxArchives);
        }
        PlanPrinter printer;
        try {
            Pace pace = Pace.from(cfg);
            if (downloadRate != null) {
                pace = pace.withDownloadRate(Pace.downloadRate("--download-rate", downloadRate));
            }
            printer = new PlanPrinter(RateTable.from(cfg), pace, DestinationCosts.from(cfg, storageClass));
        } catch (IllegalArgumentException e) {
            System.err.println("thaw plan: " + e.getMessage());
            return 2;
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(printer.asMap(vault, file.toString(), filter, plan)));
        } else {
            printer.print(System.out, vault, file.toString(), filter, plan);
        }
        return 0;
    }

    private Path latest(ThawConfig cfg) {
        try (JobStore store = JobStore.open(cfg.get("thaw.store.url"),
                cfg.get("thaw.store.user"), cfg.get("thaw.store.password"))) {
            Path p = new RunStore(store).latestInventory(vault).orElse(null);
            if (p == null) {
                System.err.println("thaw plan: no inventory of vault '" + vault + "' has been delivered to a folder yet"
                        + " — drop {\"vault\": \"" + vault + "\", \"job\": {\"Type\": \"inventory-retrieval\"}} into the"
                        + " inbox and run `thaw plan` again when it is delivered, or pass --inventory FILE");
            }
            return p;
        } catch (RuntimeException e) {
            System.err.println("thaw plan: " + e.getMessage());
            return null;
        }
    }
}
