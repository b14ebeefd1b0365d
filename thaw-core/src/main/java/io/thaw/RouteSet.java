package io.thaw;

import io.thaw.config.Catalog;
import io.thaw.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Loads thaw's routes: the built-in set inside the jar (classpath:routes/*.camel.yaml), then the
 * operator's folder (thaw.routes, default routes/ of thaw.home) if it exists. An operator route — or
 * route configuration — whose id matches a built-in one replaces it; others are added. No routes at
 * all is a start-up error. Ends start-up with the "thaw ready" line scripts wait for.
 */
public final class RouteSet implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSet.class);
    /** Where the built-in stages are, inside the jar. */
    static final String BUILT_IN = "classpath:routes/";
    /**
     * The built-in stages, one file each in routes/ (in load order). Named rather than found: finding
     * routes/*.camel.yaml scans every entry of the 80 MB jar, 0.8 s of each start. RouteFilesTest keeps
     * this list equal to the folder.
     */
    static final List<String> BUILT_IN_FILES = List.of("api", "deliver", "fetch-output", "receive-notices",
            "reconcile", "start-jobs");

    private final ThawConfig preset;

    /** Settings from Camel's properties component (route tests). */
    public RouteSet() {
        this(null);
    }

    public RouteSet(ThawConfig cfg) {
        this.preset = cfg;
    }

    @Override
    public void configure(CamelContext ctx) throws Exception {
        ThawConfig cfg = preset != null ? preset : ThawBeans.camelSettings(ctx);
        List<Resource> builtIn = new ArrayList<>();
        for (String stage : BUILT_IN_FILES) {
            String uri = BUILT_IN + stage + ".camel.yaml";
            Resource r = PluginHelper.getResourceLoader(ctx).resolveResource(uri);
            if (r == null || !r.exists()) {
                throw new ConfigException("built-in route file " + uri + " is missing — the jar is incomplete;"
                        + " build it again with mvn -B package -DskipTests");
            }
            builtIn.add(r);
        }
        List<Resource> operator = operatorRoutes(cfg);
        Set<String> builtInIds = new TreeSet<>();
        for (Resource r : builtIn) {
            builtInIds.addAll(ids(r));
        }
        Set<String> operatorIds = new TreeSet<>();
        for (Resource r : operator) {
            operatorIds.addAll(ids(r));
        }
        Set<String> replaced = new TreeSet<>(operatorIds);
        replaced.retainAll(builtInIds);
        Set<String> added = new TreeSet<>(operatorIds);
        added.removeAll(builtInIds);
        List<Resource> load = new ArrayList<>();
        for (Resource r : builtIn) {
            load.add(replaced.isEmpty() ? r : without(r, replaced));
        }
        load.addAll(operator);
        Collection<org.apache.camel.RoutesBuilder> builders = PluginHelper.getRoutesLoader(ctx).findRoutesBuilders(load);
        for (org.apache.camel.RoutesBuilder b : builders) {
            ctx.addRoutes(b);
        }
        int defined = ctx.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().size();
        if (defined == 0) {
            throw new ConfigException("no routes loaded from " + BUILT_IN + " or " + cfg.get("thaw.routes")
                    + " — the route files are empty or thaw.routes names the wrong folder");
        }
        if (!operator.isEmpty()) {
            LOG.info("operator routes from {}: {} file(s); built-in routes replaced by id: {}; added: {}",
                    cfg.get("thaw.routes"), operator.size(), replaced.isEmpty() ? "none" : String.join(", ", replaced),
                    added.isEmpty() ? "none" : String.join(", ", added));
        }
        ctx.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                if (context.getRoutes().isEmpty()) {
                    throw new ConfigException("no routes started — check the routes' preconditions and thaw.routes");
                }
                LOG.info(readyLine(context.getRoutes().size(), cfg));
            }
        });
    }

    /** The line a script waits for: routes, inbox, notices, store (no credentials), API. */
    static String readyLine(int routes, ThawConfig cfg) {
        String queue = cfg.get("thaw.notices.queue-url");
        String api = Boolean.parseBoolean(cfg.get("camel.management.enabled"))
                ? "http://" + cfg.get("camel.management.host") + ":" + cfg.get("camel.management.port") : "off";
        return "thaw ready: " + routes + " routes, inbox " + Path.of(cfg.get("thaw.inbox")).toAbsolutePath().normalize()
                + ", notices " + (queue == null ? "polling only" : queue) + ", store "
                + redact(cfg.get("thaw.store.url")) + ", api " + api;
    }

    /** A JDBC URL without user info or password parameters. */
    static String redact(String url) {
        if (url == null) {
            return "";
        }
        return url.replaceAll("//[^/@]*@", "//***@").replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
    }

    /** *.camel.yaml files of the operator's folder, by name; none when the default folder does not exist. */
    private static List<Resource> operatorRoutes(ThawConfig cfg) throws IOException {
        String folder = cfg.get("thaw.routes");
        Path dir = Path.of(folder);
        if (!Files.isDirectory(dir)) {
            if (!folder.equals(Catalog.defaultOf("thaw.routes"))) {
                throw new ConfigException("thaw.routes='" + folder + "' is not a folder — create it with your *.camel.yaml"
                        + " routes, or remove the setting to run the built-in routes alone");
            }
            return List.of();
        }
        List<Resource> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                out.add(ResourceHelper.fromString("file:" + f.toAbsolutePath(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** Ids of the top-level elements (route, routeConfiguration …) of a YAML route file. */
    private static Set<String> ids(Resource r) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (Map<String, Object> element : elements(r)) {
            for (Object body : element.values()) {
                if (body instanceof Map<?, ?> m && m.get("id") != null) {
                    ids.add(String.valueOf(m.get("id")));
                }
            }
        }
        return ids;
    }

    /** A built-in file without the elements whose id an operator route replaces. */
    private static Resource without(Resource r, Set<String> replaced) throws IOException {
        List<Map<String, Object>> kept = new ArrayList<>();
        boolean changed = false;
        for (Map<String, Object> element : elements(r)) {
            boolean drop = element.values().stream().anyMatch(b -> b instanceof Map<?, ?> m && m.get("id") != null
                    && replaced.contains(String.valueOf(m.get("id"))));
            changed |= drop;
            if (!drop) {
                kept.add(element);
            }
        }
        if (!changed) {
            return r;
        }
        String name = r.getLocation().substring(r.getLocation().lastIndexOf('/') + 1);
        return ResourceHelper.fromString("mem:" + name, kept.isEmpty() ? "[]" : new Dump(DumpSettings.builder().build())
                .dumpToString(kept));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> elements(Resource r) throws IOException {
        try (InputStream in = r.getInputStream()) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            List<Map<String, Object>> out = new ArrayList<>();
            if (doc instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        out.add(new LinkedHashMap<>((Map<String, Object>) m));
                    }
                }
            }
            return out;
        }
    }
}
