package io.thaw.metrics;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check that one of thaw's dependencies (job store, SQS queue, Glacier) answers. It is not
 * a liveness check: restarting thaw does not bring a database or AWS back, it only loses the work in
 * progress. A DOWN result says what is unreachable, why, and which setting to check.
 */
public final class ReachabilityCheck extends AbstractHealthCheck {

    /** Asks the dependency something cheap; returns a short detail, throws when it cannot answer. */
    @FunctionalInterface
    public interface Probe {
        String ask() throws Exception;
    }

    private final String what;
    private final String fix;
    private final Probe probe;

    public ReachabilityCheck(String id, String what, String fix, Probe probe) {
        super("thaw", id);
        this.what = what;
        this.fix = fix;
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            String detail = probe.ask();
            builder.up().message(what + " reachable" + (detail == null ? "" : ": " + detail));
        } catch (Exception e) {
            builder.down().message(what + " is not reachable: " + e.getMessage() + " — " + fix).error(e);
        }
    }
}
