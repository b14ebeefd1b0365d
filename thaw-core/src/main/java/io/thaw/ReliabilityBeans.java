package io.thaw;

import io.thaw.deliver.Destinations;
import io.thaw.glacier.ClaimKeeper;
import io.thaw.glacier.ExistingJobs;
import io.thaw.glacier.JobReconciler;
import io.thaw.glacier.JobRenewer;
import io.thaw.glacier.JobStarter;
import io.thaw.glacier.OutputFetcher;
import io.thaw.glacier.ReliabilitySettings;
import io.thaw.glacier.StartupSweep;
import io.thaw.notice.DeadLetters;
import io.thaw.notice.NoticeFailures;
import io.thaw.notice.NoticeHandler;
import io.thaw.store.JobClaims;
import io.thaw.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires "never lose a job" into the beans ThawBeans built: claims and back-off in the store, no second
 * job per archive, re-requests of expired output, the reconciler (bean {@code jobReconciler}), the claim
 * keeper, notice failure handling (bean {@code noticeFailures}) and the startup sweep.
 */
final class ReliabilityBeans {

    private static final Logger LOG = LoggerFactory.getLogger(ReliabilityBeans.class);

    private ReliabilityBeans() {
    }

    static void bind(CamelContext ctx, ThawConfig cfg, JobStore store, GlacierClient glacier, SqsClient sqs,
                     JobStarter starter, OutputFetcher fetcher, NoticeHandler notices, Path staging,
                     Destinations destinations) throws Exception {
        ReliabilitySettings s = ReliabilitySettings.from(cfg);
        JobClaims claims = new JobClaims(store);
        store.retryAfterErrorsAt(attempts -> s.retryAt(attempts, Instant.now()));
        starter.avoidingSecondJobs(claims, new ExistingJobs(glacier, Duration.ofMinutes(1), Clock.systemUTC()));
        JobRenewer renewer = new JobRenewer(starter, claims);
        fetcher.withClaims(claims, s, renewer);

        DeadLetters dead = new DeadLetters(sqs, cfg.get("thaw.notices.dead-letter-queue-url"),
                Path.of(cfg.get("thaw.notices.error-folder")));
        notices.keepingPoisonIn(dead).claimingWith(claims, s.instanceId(), s.claimTtl());
        ctx.getRegistry().bind("noticeFailures", new NoticeFailures(dead, Integer.parseInt(cfg.get("thaw.notices.max-receives"))));
        ctx.getRegistry().bind("jobClaims", claims);
        ctx.getRegistry().bind("jobReconciler", new JobReconciler(glacier, store, claims, renewer, s, Clock.systemUTC()));
        ctx.addService(new ClaimKeeper(claims, s));

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
