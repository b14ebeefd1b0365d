package io.thaw.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.util.Map;
import java.util.function.Supplier;

/**
 * thaw's own metrics, next to Camel's in the same Micrometer registry (scraped as Prometheus text at
 * {@code /observe/metrics} on the management port). The beans that do the work report through the
 * static methods, one line each, so they need no extra constructor argument; a process runs one thaw,
 * so one current set of meters is enough. Until {@link #install} runs, counts go to a private
 * registry nobody reads (command-line tools, unit tests).
 *
 * <p>Prometheus names: thaw_download_bytes_total, thaw_deliver_bytes_total, thaw_chunk_retries_total,
 * thaw_hash_mismatches_total, thaw_notices_received_total, thaw_jobs_started_total, thaw_jobs{state=…},
 * thaw_jobs_in_flight, thaw_retire_deleted_archives and thaw_retire_deleted_bytes (every thaw retire, from
 * the store), thaw_download_pace_bytes_per_second (last minute; over longer spans use
 * {@code rate(thaw_download_bytes_total[5m])}), thaw_aws_retries_total{service,operation,reason} (retries
 * the AWS SDK made inside a call, see {@link SdkRetries}).
 */
public final class ThawMetrics {

    private static volatile ThawMetrics current = new ThawMetrics(new SimpleMeterRegistry(), null);

    private final Counter downloaded;
    private final Counter delivered;
    private final Counter chunkRetries;
    private final Counter hashMismatches;
    private final Counter notices;
    private final Counter jobsStarted;
    /** Held strongly for the same reason as counts. */
    private RetiredTotals retired;
    private final MeterRegistry registry;
    private final RecentRate pace = new RecentRate(() -> System.currentTimeMillis() / 1000);
    /** Held here because Micrometer keeps gauge sources only weakly: without this they read NaN. */
    private final Supplier<Map<JobState, Long>> counts;

    private ThawMetrics(MeterRegistry r, Supplier<Map<JobState, Long>> counts) {
        this.counts = counts;
        this.registry = r;
        downloaded = Counter.builder("thaw.download").baseUnit("bytes")
                .description("Bytes of job output received from Glacier (retried chunks count again)").register(r);
        delivered = Counter.builder("thaw.deliver").baseUnit("bytes")
                .description("Bytes of verified output delivered to destinations").register(r);
        chunkRetries = Counter.builder("thaw.chunk.retries")
                .description("Ranged downloads of a chunk tried again (throttling, 5xx, truncation, hash mismatch)")
                .register(r);
        hashMismatches = Counter.builder("thaw.hash.mismatches")
                .description("Downloaded chunks or outputs whose tree hash differed from Glacier's").register(r);
        notices = Counter.builder("thaw.notices.received")
                .description("SQS messages read from the notice queue (notices, poison and foreign alike)").register(r);
        jobsStarted = Counter.builder("thaw.jobs.started")
                .description("Glacier jobs thaw initiated (the job pace is its rate)").register(r);
        Gauge.builder("thaw.download.pace", pace, RecentRate::perSecond).baseUnit("bytes.per.second")
                .description("Bytes per second received from Glacier over the last minute").register(r);
        if (counts != null) {
            for (JobState s : JobState.values()) {
                Gauge.builder("thaw.jobs", counts, c -> c.get().getOrDefault(s, 0L)).tag("state", s.name())
                        .description("Jobs in the job store by state").register(r);
            }
            Gauge.builder("thaw.jobs.in.flight", counts, c -> c.get().entrySet().stream()
                            .filter(e -> !e.getKey().isFinal()).mapToLong(Map.Entry::getValue).sum())
                    .description("Jobs started and not yet delivered or failed").register(r);
        }
    }

    /** Registers thaw's meters in the registry Camel exposes; job gauges read the store (cached briefly). */
    public static void install(MeterRegistry registry, JobStore store) {
        ThawMetrics m = new ThawMetrics(registry, store == null ? null : new CachedCounts(store::countByState));
        if (store != null) {
            m.retired = new RetiredTotals(store);
            Gauge.builder("thaw.retire.deleted.archives", m.retired, t -> t.get()[0])
                    .description("Archives deleted from Glacier by every thaw retire (job store)").register(registry);
            Gauge.builder("thaw.retire.deleted", m.retired, t -> t.get()[1]).baseUnit("bytes")
                    .description("Bytes of archives deleted from Glacier by every thaw retire (job store)").register(registry);
        }
        current = m;
        // Downloads (camel-glacier) count through this hook; it reads `current`, so it is set once.
        io.thaw.glacier.DownloadCounters.install(new io.thaw.glacier.DownloadCounters() {
            @Override
            public void bytesDownloaded(long n) {
                ThawMetrics.bytesDownloaded(n);
            }

            @Override
            public void chunkRetried() {
                ThawMetrics.chunkRetried();
            }

            @Override
            public void hashMismatch() {
                ThawMetrics.hashMismatch();
            }
        });
    }

    public static void bytesDownloaded(long n) {
        current.downloaded.increment(n);
        current.pace.add(n);
    }

    public static void jobStarted() {
        current.jobsStarted.increment();
    }

    public static void bytesDelivered(long n) {
        current.delivered.increment(n);
    }

    /** Bytes delivered since the process started: the pacer measures the download rate from it. */
    public static long deliveredTotal() {
        return (long) current.delivered.count();
    }

    public static void chunkRetried() {
        current.chunkRetries.increment();
    }

    public static void hashMismatch() {
        current.hashMismatches.increment();
    }

    public static void noticeReceived() {
        current.notices.increment();
    }

    /** One retry the AWS SDK made inside a call; reason "throttling", "5xx", "network" or a status code. */
    public static void awsRetried(String service, String operation, String reason) {
        // registering again answers the existing counter for these tags
        Counter.builder("thaw.aws.retries").tag("service", service).tag("operation", operation).tag("reason", reason)
                .description("Retries the AWS SDK made inside one call (throttling, 5xx, network), by service and"
                        + " operation").register(current.registry).increment();
    }
}
