package io.thaw.glacier;

import io.thaw.store.JobClaims;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's claims alive while it works: every third of {@code thaw.claims.ttl} it extends
 * all of them in one statement. When the process dies the refreshes stop, the claims run out, and the
 * reconciler of another instance (or of this one after a restart) takes the jobs over.
 */
public final class ClaimKeeper extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimKeeper.class);

    private final JobClaims claims;
    private final ReliabilitySettings settings;
    private ScheduledExecutorService timer;

    public ClaimKeeper(JobClaims claims, ReliabilitySettings settings) {
        this.claims = claims;
        this.settings = settings;
    }

    @Override
    protected void doStart() {
        long every = Math.max(100, settings.claimTtl().toMillis() / 3);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thaw-claim-keeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    void refresh() {
        try {
            claims.refreshClaims(settings.instanceId(), Instant.now().plus(settings.claimTtl()));
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the claims of instance {}: {} — if this lasts beyond thaw.claims.ttl={},"
                    + " another instance may take its jobs over", settings.instanceId(), e.getMessage(), settings.claimTtl());
        }
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
