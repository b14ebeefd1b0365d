package io.thaw.request;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a request file may ask for, from the configuration: the destination used when a request names
 * none, the roots a request may deliver under, the named destinations (name → URI) and the default tier.
 * Built once at start-up; a bad configured URI fails here, naming the setting, not on the first request.
 */
public final class RequestPolicy {

    private final String defaultDestination;
    private final List<String> allowedRoots;
    private final Map<String, String> namedDestinations;
    private final String defaultTier;
    private final Path workingDir;
    private final List<DestinationUri> roots = new ArrayList<>();

    /** file: destinations resolve against the process's working directory. */
    public RequestPolicy(String defaultDestination, List<String> allowedRoots, Map<String, String> namedDestinations,
            String defaultTier) {
        this(defaultDestination, allowedRoots, namedDestinations, defaultTier, Path.of("").toAbsolutePath());
    }

    /**
     * @param workingDir directory relative file: URIs (file:work/outbox) resolve against
     * @throws IllegalArgumentException when a configured destination or the tier is invalid
     */
    public RequestPolicy(String defaultDestination, List<String> allowedRoots, Map<String, String> namedDestinations,
            String defaultTier, Path workingDir) {
        if (defaultDestination == null || defaultDestination.isBlank()) {
            throw new IllegalArgumentException("thaw.destination.default is not set: requests without a destination"
                    + " need one — set it in config/application.properties, e.g. thaw.destination.default=file:work/outbox");
        }
        this.defaultDestination = defaultDestination;
        this.allowedRoots = List.copyOf(allowedRoots);
        // Sorted so messages list them in a stable order.
        this.namedDestinations = Collections.unmodifiableMap(new TreeMap<>(namedDestinations));
        this.defaultTier = Objects.requireNonNull(defaultTier, "thaw.jobs.tier");
        this.workingDir = workingDir.toAbsolutePath().normalize();
        if (!JobParametersReader.TIERS.contains(defaultTier)) {
            throw new IllegalArgumentException("thaw.jobs.tier \"" + defaultTier + "\" is not a Glacier tier: use"
                    + " Expedited, Standard or Bulk");
        }
        roots.add(configured("thaw.destination.default", defaultDestination));
        for (String root : this.allowedRoots) {
            roots.add(configured("thaw.allowed-roots", root));
        }
        for (Map.Entry<String, String> e : this.namedDestinations.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf(':') >= 0) {
                throw new IllegalArgumentException("destination name \"" + e.getKey() + "\" is not usable: a name"
                        + " must be non-empty and contain no ':' (a ':' makes it look like a URI)");
            }
            roots.add(configured("thaw.destinations." + e.getKey(), e.getValue()));
        }
    }

    private DestinationUri configured(String key, String uri) {
        try {
            return DestinationUri.parse(uri, workingDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " \"" + uri + "\" is not a usable destination: " + e.getMessage(), e);
        }
    }

    public String defaultDestination() {
        return defaultDestination;
    }

    public List<String> allowedRoots() {
        return allowedRoots;
    }

    public Map<String, String> namedDestinations() {
        return namedDestinations;
    }

    public String defaultTier() {
        return defaultTier;
    }

    public Path workingDir() {
        return workingDir;
    }

    /** Default, allowed roots and named destinations, parsed. */
    List<DestinationUri> roots() {
        return Collections.unmodifiableList(roots);
    }

    /** The configured destinations as written, for messages. */
    List<String> rootsAsWritten() {
        List<String> all = new ArrayList<>();
        all.add(defaultDestination);
        all.addAll(allowedRoots);
        all.addAll(namedDestinations.values());
        return all.stream().map(DestinationResolver::maskCredentials).distinct().toList();
    }
}
