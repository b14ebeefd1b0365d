package io.thaw;

import io.thaw.deliver.Deliverer;
import io.thaw.deliver.Destinations;
import io.thaw.glacier.AwsClients;
import io.thaw.glacier.DownloadSettings;
import io.thaw.glacier.InventorySchedule;
import io.thaw.glacier.JobStarter;
import io.thaw.glacier.OutputDownloader;
import io.thaw.glacier.OutputFetcher;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.notice.NoticeHandler;
import io.thaw.plan.DuplicateCopies;
import io.thaw.plan.Pace;
import io.thaw.plan.RunFinisher;
import io.thaw.plan.RunPacer;
import io.thaw.plan.RunPlanner;
import io.thaw.plan.RunStore;
import io.thaw.plan.VaultRuns;
import io.thaw.request.RequestHandler;
import io.thaw.request.RequestPolicy;
import io.thaw.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * Binds thaw's beans into the Camel registry under the names routes/ uses. Everything is built from
 * settings resolved by Camel's properties component (file, then system properties and environment
 * variables on top), so `thaw run`, the demo and the tests wire the same way.
 */
public final class ThawBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext ctx) throws Exception {
        ThawConfig cfg = ThawConfig.of(key -> ctx.getPropertiesComponent().resolveProperty(key).orElse(null),
                () -> ctx.getPropertiesComponent().loadPropertiesAsMap().keySet().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.toSet()));
        Registry r = ctx.getRegistry();

        JobStore store = JobStore.open(cfg.get("thaw.store.url", "jdbc:h2:file:./work/thaw-db"),
                cfg.get("thaw.store.user"), cfg.get("thaw.store.password"));
        AwsClients aws = new AwsClients(cfg);
        GlacierClient glacier = aws.glacier();
        String region = aws.region().id();
        String account = cfg.get("thaw.aws.account", "-");
        String defaultDestination = cfg.get("thaw.destination.default", "file:work/outbox");

        JobStarter starter = new JobStarter(glacier, store, region, cfg.get("thaw.jobs.sns-topic"));
        OutputDownloader downloader = new OutputDownloader(glacier, store, DownloadSettings.from(cfg));
        Path staging = Path.of(cfg.get("thaw.staging", "work/staging"));
        Destinations destinations = new Destinations(cfg, ctx);
        ArchiveNamer namer = new ArchiveNamer(cfg.get("thaw.naming.overrides") == null ? NameOverrides.none()
                : NameOverrides.load(Path.of(cfg.get("thaw.naming.overrides"))));

        // Whole-vault runs (io.thaw.plan): queue in the store, paced starts, copies of duplicate contents.
        RunStore runStore = new RunStore(store);
        RunFinisher runFinisher = new RunFinisher(runStore, Path.of(cfg.get("thaw.runs.report-folder", "work/reports")));
        VaultRuns vaultRuns = new VaultRuns(runStore, store, starter, glacier,
                new RunPlanner(runStore, namer, destinations), runFinisher, new VaultRuns.Settings(
                cfg.get("thaw.runs.inventory-folder", "file:work/inventories"), cfg.getList("thaw.runs.vaults"),
                cfg.get("thaw.runs.tier", cfg.get("thaw.jobs.tier", "Standard")),
                cfg.get("thaw.runs.destination", defaultDestination)), Clock.systemUTC());
        r.bind("vaultRuns", vaultRuns);
        r.bind("runPacer", new RunPacer(runStore, store, starter, Pace.from(cfg), Clock.systemUTC(), runFinisher));

        r.bind("jobStore", store);
        r.bind("glacierClient", glacier);
        r.bind("sqsClient", aws.sqs());
        r.bind("jobStarter", starter);
        r.bind("requestHandler", new RequestHandler(new RequestPolicy(defaultDestination,
                cfg.getList("thaw.allowed-roots"), namedDestinations(cfg), cfg.get("thaw.jobs.tier", "Standard")),
                starter, store, Path.of(cfg.get("thaw.inbox", "inbox")), vaultRuns));
        r.bind("noticeHandler", new NoticeHandler(store, NoticeHandler.UnknownJobs.valueOf(
                cfg.get("thaw.notices.unknown-jobs", "ignore").toUpperCase(Locale.ROOT)), defaultDestination,
                Path.of(cfg.get("thaw.notices.error-folder", "work/notices/.error"))));
        r.bind("outputFetcher", new OutputFetcher(glacier, store, downloader, staging));
        r.bind("deliverer", new Deliverer(store, destinations, namer, new DuplicateCopies(runStore)));
        r.bind("inventorySchedule", new InventorySchedule(starter, store, cfg.getList("thaw.inventory.vaults"),
                cfg.get("thaw.inventory.schedule"), cfg.get("thaw.inventory.format", "JSON"), account,
                cfg.get("thaw.inventory.destination", defaultDestination), Clock.systemUTC()));

        // Close the store and clients with the context.
        ctx.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                glacier.close();
                store.close();
            }
        });
    }

    /** thaw.destinations.&lt;name&gt;=URI (keys with a further dot are that destination's options). */
    static Map<String, String> namedDestinations(ThawConfig cfg) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String key : cfg.keys("thaw.destinations.")) {
            String name = key.substring("thaw.destinations.".length());
            if (!name.contains(".") && cfg.get(key) != null) {
                named.put(name, cfg.get(key));
            }
        }
        return named;
    }
}
