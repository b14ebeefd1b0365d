package io.thaw;

import io.micrometer.core.instrument.MeterRegistry;
import io.thaw.api.ThawApi;
import io.thaw.deliver.Deliverer;
import io.thaw.deliver.Destinations;
import io.thaw.glacier.AwsClients;
import io.thaw.glacier.ClaimKeeper;
import io.thaw.glacier.ExistingJobs;
import io.thaw.glacier.GlacierReads;
import io.thaw.glacier.InventorySchedule;
import io.thaw.glacier.JobInitiation;
import io.thaw.glacier.JobReconciler;
import io.thaw.glacier.JobRenewer;
import io.thaw.glacier.JobStarter;
import io.thaw.glacier.KnownJobs;
import io.thaw.glacier.OutputFetcher;
import io.thaw.glacier.PriorJobs;
import io.thaw.glacier.ReadyJobs;
import io.thaw.glacier.ReliabilitySettings;
import io.thaw.metrics.ReachabilityCheck;
import io.thaw.metrics.ThawHealthChecks;
import io.thaw.metrics.ThawMetrics;
import io.thaw.naming.ArchiveNamer;
import io.thaw.naming.NameOverrides;
import io.thaw.notice.DeadLetters;
import io.thaw.notice.NoticeDeletions;
import io.thaw.notice.NoticeFailures;
import io.thaw.notice.NoticeHandler;
import io.thaw.notice.NoticeWorkers;
import io.thaw.plan.DuplicateCopies;
import io.thaw.plan.Pace;
import io.thaw.plan.RateTable;
import io.thaw.plan.RunFinisher;
import io.thaw.plan.RunPacer;
import io.thaw.plan.RunPlanner;
import io.thaw.plan.RunItems;
import io.thaw.plan.RunStore;
import io.thaw.plan.VaultRuns;
import io.thaw.request.DoneRequests;
import io.thaw.request.InboxFilter;
import io.thaw.request.RequestHandler;
import io.thaw.request.RequestPolicy;
import io.thaw.store.JobClaims;
import io.thaw.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds thaw's beans once, each with its collaborators through its constructor, and binds them into
 * the Camel registry under the names routes/ uses. Everything is built from settings resolved by Camel's
 * properties component (file, then system properties and environment variables on top), so `thaw run`,
 * the demo and the tests wire the same way.
 */
public final class ThawBeans implements CamelConfiguration {

    private final ThawConfig preset;

    /** Settings from Camel's properties component (route tests). */
    public ThawBeans() {
        this(null);
    }

    /** Settings as thaw's configuration model merged them ({@link ThawMain}). */
    public ThawBeans(ThawConfig cfg) {
        this.preset = cfg;
    }

    /** Settings resolved by Camel's properties component; keys no source sets answer their built-in default. */
    static ThawConfig camelSettings(CamelContext ctx) {
        return ThawConfig.of(key -> ctx.getPropertiesComponent().resolveProperty(key).orElse(null),
                () -> ctx.getPropertiesComponent().loadPropertiesAsMap().keySet().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Override
    public void configure(CamelContext ctx) throws Exception {
        ThawConfig cfg = preset != null ? preset : camelSettings(ctx);
        ReliabilitySettings s = ReliabilitySettings.from(cfg);
        Clock clock = Clock.systemUTC();
        Map<String, Object> beans = new LinkedHashMap<>(); // bound once, at the end, under the names routes/ use

        // a failed download or delivery parks its job: ever more rarely retried, never spinning
        JobStore store = JobStore.open(cfg.get("thaw.store.url"), cfg.get("thaw.store.user"),
                cfg.get("thaw.store.password"), attempts -> s.retryAt(attempts, Instant.now()));
        AwsClients aws = new AwsClients(cfg);
        GlacierClient glacier = aws.glacier();
        SqsClient sqs = aws.sqs();
        String region = aws.region().id();
        String account = cfg.get("thaw.aws.account");
        String defaultDestination = cfg.get("thaw.destination.default");
        String snsTopic = cfg.get("thaw.jobs.sns-topic");

        // Never lose a job: claims per instance, no second job per archive, re-requests of expired output.
        JobClaims claims = new JobClaims(store);
        ReadyJobs ready = new ReadyJobs(); // adopted completed jobs, fetched on the reconciler's next tick
        JobStarter starter = new JobStarter(glacier, store, region, snsTopic,
                new KnownJobs(store, claims, new ExistingJobs(glacier, Duration.ofMinutes(1), clock), ready));
        JobRenewer renewer = new JobRenewer(starter, claims);
        Path staging = Path.of(cfg.get("thaw.staging"));
        Destinations destinations = new Destinations(cfg, ctx);
        ArchiveNamer namer = new ArchiveNamer(cfg.get("thaw.naming.overrides") == null ? NameOverrides.none()
                : NameOverrides.load(Path.of(cfg.get("thaw.naming.overrides"))));

        // Whole-vault runs (io.thaw.plan): queue in the store, paced starts, copies of duplicate contents.
        RunStore runStore = new RunStore(store);
        RunItems runItems = new RunItems(store);
        RunFinisher runFinisher = new RunFinisher(runStore, runItems, Path.of(cfg.get("thaw.runs.report-folder")));
        Pace pace = Pace.from(cfg);
        RateTable rates = RateTable.from(cfg);
        VaultRuns vaultRuns = new VaultRuns(runStore, runItems, store, starter, glacier,
                new RunPlanner(runItems, namer, destinations), runFinisher, new VaultRuns.Settings(
                cfg.get("thaw.runs.inventory-folder"), cfg.getList("thaw.runs.vaults"),
                cfg.get("thaw.runs.tier", cfg.get("thaw.jobs.tier")),
                cfg.get("thaw.runs.destination", defaultDestination)), pace, rates, clock);
        beans.put("vaultRuns", vaultRuns);
        // The pacer starts jobs through a client without SDK retries, so it sees throttling and slows down.
        GlacierClient pacingGlacier = aws.glacierWithoutRetries();
        // It checks the store itself before each start; ListJobs adoption covers the head of the queue after a restart.
        // InitiateJob itself as one signed POST on the JDK's HTTP client, unless only the SDK can reach Glacier
        JobInitiation initiation = aws.jobInitiation(pacingGlacier);
        JobStarter pacingStarter = new JobStarter(initiation, store, region, snsTopic, PriorJobs.NONE);
        JobStarter adoptingStarter = new JobStarter(initiation, store, region, snsTopic,
                new KnownJobs(store, claims, new ExistingJobs(pacingGlacier, Duration.ofMinutes(1), clock), ready));
        beans.put("runPacer", new RunPacer(runStore, runItems, pacingStarter, pace, clock, runFinisher, rates,
                ThawMetrics::deliveredTotal, adoptingStarter, 1000));

        beans.put("jobStore", store);
        beans.put("glacierClient", glacier);
        // Downloads read Glacier over signed GETs on the JDK's HTTP client (less CPU per archive than the SDK
        // client's pipeline), unless something only the SDK honours is set (AwsClients.sdkOnly).
        GlacierReads reads = aws.glacierReads(glacier);
        beans.put("glacierReads", reads);
        beans.put("sqsClient", sqs);
        beans.put("jobStarter", starter);
        beans.put("inboxFilter", new InboxFilter());
        RequestHandler requestHandler = new RequestHandler(new RequestPolicy(defaultDestination,
                cfg.getList("thaw.allowed-roots"), namedDestinations(cfg), cfg.get("thaw.jobs.tier")),
                starter, store, Path.of(cfg.get("thaw.inbox")), vaultRuns);
        beans.put("requestHandler", requestHandler);
        DeadLetters dead = new DeadLetters(sqs, cfg.get("thaw.notices.dead-letter-queue-url"),
                Path.of(cfg.get("thaw.notices.error-folder")));
        beans.put("noticeHandler", new NoticeHandler(store, claims, s.instanceId(), s.claimTtl(),
                NoticeHandler.UnknownJobs.valueOf(cfg.get("thaw.notices.unknown-jobs").toUpperCase(Locale.ROOT)),
                defaultDestination, dead,
                // requests of the last two days: a job finishes within hours and its output lasts 24 h
                new DoneRequests(Path.of(cfg.get("thaw.inbox")), requestHandler, store, Duration.ofHours(48))));
        beans.put("noticeFailures", new NoticeFailures(dead, Integer.parseInt(cfg.get("thaw.notices.max-receives"))));
        String queueUrl = cfg.get("thaw.notices.queue-url");
        if (queueUrl != null && !queueUrl.isBlank()) {
            // Closed with the context, after the routes have stopped, so it sends the last batch.
            NoticeDeletions deletions = new NoticeDeletions(sqs, queueUrl).start();
            ctx.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    deletions.close();
                }
            });
            beans.put("noticeDeletions", deletions);
            NoticeWorkers workers = new NoticeWorkers(Integer.parseInt(cfg.get("thaw.notices.consumers")));
            ctx.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    workers.shutdownNow();
                }
            });
            beans.put("noticeWorkers", workers);
        }
        Deliverer deliverer = new Deliverer(store, destinations, namer, new DuplicateCopies(runItems));
        // folder destinations offer their own staging folder (written once, renamed); output that can never
        // be delivered (over the S3 object limit) is refused before it is downloaded
        beans.put("outputFetcher", new OutputFetcher(glacier, store, staging, destinations::stagingFolder,
                deliverer::refusal, claims, s, renewer));
        beans.put("deliverer", deliverer);
        beans.put("destinations", destinations);
        beans.put("inventorySchedule", new InventorySchedule(starter, store, cfg.getList("thaw.inventory.vaults"),
                cfg.get("thaw.inventory.schedule"), cfg.get("thaw.inventory.format"), account,
                cfg.get("thaw.inventory.destination", defaultDestination), clock));
        beans.put("jobClaims", claims);
        beans.put("jobReconciler", new JobReconciler(glacier, store, claims, renewer, s, clock, ready));
        ctx.addService(new ClaimKeeper(claims, s));
        beans.putAll(operations(ctx, cfg, store, aws, glacier, sqs, account, requestHandler));

        Registry r = ctx.getRegistry();
        beans.forEach(r::bind);
        StartupChecks.run(cfg, s, store, claims, staging, destinations);

        // Close the store and clients with the context.
        ctx.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                glacier.close();
                reads.close();
                pacingGlacier.close();
                destinations.close();
                store.close();
            }
        });
    }

    /**
     * Metrics, health checks and the HTTP API. thaw's meters join the registry Camel's metrics service
     * made ("metricsRegistry", camel.metrics.enabled), so one scrape shows both; that registry exists
     * only once the context has started.
     */
    private static Map<String, Object> operations(CamelContext ctx, ThawConfig cfg, JobStore store, AwsClients aws,
                                                  GlacierClient glacier, SqsClient sqs, String account,
                                                  RequestHandler requestHandler) throws Exception {
        ctx.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                MeterRegistry meters = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
                if (meters != null) {
                    ThawMetrics.install(meters, store);
                }
                logManagementAddress(context);
            }
        });
        Map<String, Object> beans = new LinkedHashMap<>();
        for (ReachabilityCheck check : ThawHealthChecks.of(store, cfg.get("thaw.store.url"),
                sqs, cfg.get("thaw.notices.queue-url"), glacier, account, aws.region().id())) {
            beans.put(check.getId(), check);
        }
        String token = cfg.get("thaw.api.token");
        String host = cfg.get("camel.management.host");
        if (token == null && Boolean.parseBoolean(cfg.get("camel.management.enabled"))
                && !host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            org.slf4j.LoggerFactory.getLogger(ThawBeans.class).warn("the HTTP API listens on {} without a token:"
                    + " anyone who reaches that address can start Glacier jobs — set thaw.api.token, or"
                    + " camel.management.host=127.0.0.1", host);
        }
        beans.put("thawApi", new ThawApi(requestHandler, store, token));
        return beans;
    }

    /**
     * Where the management server (HTTP API, health, metrics) really listens. Camel's own summary prints
     * every endpoint as http://0.0.0.0:port whatever camel.management.host says, so it is turned off in
     * thaw-app's ThawLogConfigurator and this line replaces it.
     */
    private static void logManagementAddress(CamelContext context) {
        var server = context.hasService(org.apache.camel.component.platform.http.main.ManagementHttpServer.class);
        if (server == null) {
            return;
        }
        String host = server.getHost() == null || server.getHost().isBlank() ? "0.0.0.0" : server.getHost();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
        org.slf4j.LoggerFactory.getLogger(ThawBeans.class).info("management server listens on {}: health {}{},"
                + " metrics and the HTTP API (/requests, /jobs) on the same address (camel.management.host and .port)",
                base, base, server.getHealthPath());
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
