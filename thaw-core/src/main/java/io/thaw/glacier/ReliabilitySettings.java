package io.thaw.glacier;

import io.thaw.ThawConfig;
import io.thaw.config.Type;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Timing of the reconciler, claims, the 24 h window and retries (keys thaw.reconcile.*, thaw.claims.*,
 * thaw.window.*, thaw.retry.*, thaw.instance.id). Durations accept ISO-8601 (PT10M) or 300ms/10s/5m/2h.
 *
 * @param grace          a REQUESTED job is asked about only once this old (notices normally arrive first);
 *                       zero in polling-only mode
 * @param stagedGrace    a STAGED job untouched this long is fetched by the reconciler (its fetch died or
 *                       never began)
 * @param pollExpedited  how often a REQUESTED Expedited job is asked about (Standard and Bulk likewise)
 * @param claimTtl       how long a claim lasts without refresh; a dead instance's jobs are taken over after it
 * @param window         how long Glacier keeps job output after completion (24 h)
 * @param windowMargin   re-request a job not delivered this long before its window closes
 * @param retryBase      first back-off after a failed attempt; doubles per attempt up to retryMax ({@link Backoff})
 * @param batch          most jobs of each kind the reconciler takes in one tick
 */
public record ReliabilitySettings(Duration grace, Duration stagedGrace, Duration pollExpedited, Duration pollStandard,
                                  Duration pollBulk, Duration claimTtl, Duration window, Duration windowMargin,
                                  Duration retryBase, Duration retryMax, String instanceId, boolean pollingOnly,
                                  int batch) {

    public static ReliabilitySettings from(ThawConfig c) {
        boolean polling = c.get("thaw.notices.queue-url") == null;
        return new ReliabilitySettings(
                polling ? Duration.ZERO : duration(c, "thaw.reconcile.grace"),
                duration(c, "thaw.reconcile.staged-grace"),
                duration(c, "thaw.reconcile.poll.expedited"),
                duration(c, "thaw.reconcile.poll.standard"),
                duration(c, "thaw.reconcile.poll.bulk"),
                duration(c, "thaw.claims.ttl"),
                duration(c, "thaw.window.length"),
                duration(c, "thaw.window.margin"),
                duration(c, "thaw.retry.base"),
                duration(c, "thaw.retry.max"),
                c.get("thaw.instance.id", defaultInstanceId()), polling,
                batch(c));
    }

    /** How long until a REQUESTED job of this tier is asked about again: the tier sets the pace. */
    public Duration pollInterval(String tier) {
        String t = tier == null ? "standard" : tier.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "expedited" -> pollExpedited;
            case "bulk" -> pollBulk;
            default -> pollStandard;
        };
    }

    /** When a job released after its {@code attempts}-th failed attempt may be tried again ({@link Backoff}, equal jitter). */
    public Instant retryAt(int attempts, Instant now) {
        return now.plus(new Backoff(retryBase, retryMax).delay(attempts));
    }

    /** The moment after which a job completed at {@code completedAt} is re-requested instead of fetched. */
    public Instant renewAfter(Instant completedAt) {
        return completedAt.plus(window).minus(windowMargin);
    }

    static int batch(ThawConfig c) {
        int n = c.getInt("thaw.reconcile.batch", 500);
        if (n < 1) {
            throw new IllegalArgumentException("thaw.reconcile.batch=" + n + " would let the reconciler take no job"
                    + " — set it to 1 or more (500 by default)");
        }
        return n;
    }

    /** One duration syntax for every setting: io.thaw.config.Type#duration. */
    static Duration duration(ThawConfig c, String key) {
        String v = c.get(key, "0s");
        try {
            return Type.duration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "='" + v + "' " + e.getMessage());
        }
    }

    /** host-pid: unique per process; set thaw.instance.id to a stable name so a restart takes its claims back. */
    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
