package io.thaw.testing;

import io.thaw.ThawConfig;
import io.thaw.glacier.OutputFetcher;
import io.thaw.store.JobStore;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * thaw's real route fetch-output (routes/fetch-output.camel.yaml, on the glacier: component) in a context
 * of its own, with direct:deliver replaced by a catcher, so a test can hold what the route hands to
 * delivery — the verified file and the job's hold — and do what it likes in between.
 */
public final class FetchOutputRoute implements AutoCloseable {

    private static final String CAUGHT = "fetchOutputRouteCaught";

    private final DefaultCamelContext ctx = new DefaultCamelContext();
    private final ProducerTemplate template;

    public FetchOutputRoute(OutputFetcher fetcher, JobStore store, GlacierClient glacier, ThawConfig cfg)
            throws Exception {
        Properties p = new Properties();
        for (String key : new String[] {"thaw.download.chunk-mib", "thaw.download.parallel",
                "thaw.download.max-attempts", "thaw.download.backoff-ms"}) {
            p.setProperty(key, cfg.get(key));
        }
        ctx.getPropertiesComponent().setInitialProperties(p);
        ctx.getRegistry().bind("outputFetcher", fetcher);
        ctx.getRegistry().bind("jobStore", store);
        ctx.getRegistry().bind("glacierClient", glacier);
        ctx.getRegistry().bind("glacierReads", io.thaw.glacier.GlacierReads.sdk(glacier)); // the route names both
        ctx.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("quiet-reported-failures"); // deliver.camel.yaml's, not needed here
            }
        });
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver").routeId("deliver-catcher")
                        .process(e -> e.setProperty(CAUGHT, e.getMessage().getBody()));
            }
        });
        PluginHelper.getRoutesLoader(ctx).loadRoutes(
                ResourceHelper.resolveMandatoryResource(ctx, "classpath:routes/fetch-output.camel.yaml"));
        ctx.start();
        template = ctx.createProducerTemplate();
    }

    /** Runs the route for a job: what it handed to delivery, or null; its failure is thrown. */
    public OutputFetcher.Fetched fetch(String jobId) throws Exception {
        Exchange done = template.send("direct:fetch-output", e -> e.getMessage().setBody(jobId));
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getProperty(CAUGHT, OutputFetcher.Fetched.class);
    }

    @Override
    public void close() {
        ctx.stop();
    }
}
