package io.thaw;

import io.thaw.deliver.Destinations;
import io.thaw.glacier.ReliabilitySettings;
import io.thaw.glacier.StartupSweep;
import io.thaw.store.JobClaims;
import io.thaw.store.JobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What `thaw run` does once its beans are built, before the routes start: says when it runs on polling
 * alone, frees the claims a previous run of this instance id left, and sweeps the part files a stopped
 * process left in staging and in the destinations' staging folders.
 */
final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {
    }

    static void run(ThawConfig cfg, ReliabilitySettings s, JobStore store, JobClaims claims, Path staging,
                    Destinations destinations) {
        if (s.pollingOnly()) {
            LOG.warn("thaw.notices.queue-url is not set: running on polling alone — jobs are found finished by"
                    + " DescribeJob every {} (Expedited) / {} (Standard) / {} (Bulk); set the queue URL to be told at once",
                    s.pollExpedited(), s.pollStandard(), s.pollBulk());
        }
        int released = claims.releaseClaimsOf(s.instanceId());
        if (released > 0) {
            LOG.info("{} job(s) claimed by a previous run of instance '{}' are free to resume", released, s.instanceId());
        }
        int swept = new StartupSweep(store, staging, destinationUris(cfg), s.claimTtl(), destinations::resolve).run();
        if (swept > 0) {
            LOG.info("startup sweep removed {} file(s) left by a stopped process", swept);
        }
    }

    private static List<String> destinationUris(ThawConfig cfg) {
        List<String> out = new ArrayList<>();
        out.add(cfg.get("thaw.destination.default"));
        out.addAll(cfg.getList("thaw.allowed-roots"));
        out.addAll(ThawBeans.namedDestinations(cfg).values());
        return out.stream().distinct().toList();
    }
}
