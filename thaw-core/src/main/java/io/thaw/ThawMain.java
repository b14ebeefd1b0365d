package io.thaw;

import io.thaw.config.Catalog;
import io.thaw.config.ConfigException;
import io.thaw.glacier.InventorySchedule;
import io.thaw.glacier.ReliabilitySettings;
import io.thaw.notice.NoticeHandler;
import io.thaw.plan.Pace;
import io.thaw.plan.RateTable;
import io.thaw.request.RequestPolicy;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Builds the Camel Main that runs thaw's routes with its beans, from the merged configuration (see
 * {@link ThawConfig}) plus the given overrides (what --local or the demo decide). Camel's properties
 * component gets exactly that result — it does not apply environment variables or system properties
 * a second time — so routes ({{thaw.…}}) and beans see the same values.
 */
public final class ThawMain {

    private ThawMain() {
    }

    /** One optional configuration file on top of the defaults (tests and tools). */
    public static Main create(Path configFile, Properties overrides) {
        return create(ThawConfig.load(configFile), overrides);
    }

    public static Main create(ThawConfig config, Properties overrides) {
        ThawConfig cfg = config;
        if (overrides != null) {
            for (String key : overrides.stringPropertyNames()) {
                cfg = cfg.with(key, overrides.getProperty(key));
            }
        }
        check(cfg);
        Main main = new Main();
        main.configure().addConfiguration(new ThawBeans(cfg));
        main.configure().addConfiguration(new RouteSet(cfg));
        main.setOverrideProperties(cfg.asProperties());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                if (m.getCamelContext().getPropertiesComponent() instanceof PropertiesComponent pc) {
                    pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                    pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
                }
            }
        });
        return main;
    }

    /**
     * Builds the settings records once before Camel starts, so a value that is well-typed but not usable
     * (chunk size not a power of two, a destination no delivery takes) stops start-up with one line
     * naming its source, not a stack trace from inside Camel.
     */
    static void check(ThawConfig cfg) {
        String routes = cfg.get("thaw.routes");
        if (!routes.equals(Catalog.defaultOf("thaw.routes")) && !java.nio.file.Files.isDirectory(Path.of(routes))) {
            throw new ConfigException("thaw.routes='" + routes + "' (from " + cfg.source("thaw.routes") + ") is not a"
                    + " folder — create it with your *.camel.yaml routes, or remove the setting");
        }
        try {
            cfg.downloadSettings();
            ReliabilitySettings.from(cfg);
            Pace.from(cfg);
            RateTable.from(cfg);
            new InventorySchedule(null, null, cfg.getList("thaw.inventory.vaults"), cfg.get("thaw.inventory.schedule"),
                    cfg.get("thaw.inventory.format"), cfg.get("thaw.aws.account"), null, java.time.Clock.systemUTC());
            NoticeHandler.UnknownJobs.valueOf(cfg.get("thaw.notices.unknown-jobs").toUpperCase(Locale.ROOT));
            new RequestPolicy(cfg.get("thaw.destination.default"), cfg.getList("thaw.allowed-roots"),
                    ThawBeans.namedDestinations(cfg), cfg.get("thaw.jobs.tier"));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (e.getMessage() != null && e.getMessage().startsWith("No enum constant")) {
                message = "thaw.notices.unknown-jobs='" + cfg.get("thaw.notices.unknown-jobs")
                        + "' must be ignore or deliver";
            }
            String key = message.split("[ ='\"]", 2)[0];
            String source = Catalog.find(key).isPresent() ? cfg.source(key) : null;
            throw new ConfigException(message + (source == null ? "" : " (from " + source + ")"));
        }
    }
}
