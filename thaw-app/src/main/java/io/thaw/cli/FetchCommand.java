package io.thaw.cli;

import io.thaw.ThawConfig;
import io.thaw.glacier.AwsClients;
import io.thaw.glacier.CompletedJob;
import io.thaw.glacier.DownloadSettings;
import io.thaw.glacier.GlacierReads;
import io.thaw.glacier.OutputDownloader;
import io.thaw.glacier.OutputProblem;
import io.thaw.glacier.OutputRange;
import io.thaw.glacier.RangeTreeHash;
import io.thaw.store.JobStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code thaw fetch}: the processor chain alone, for a job that is already complete — DescribeJob,
 * adopt the job into the store (so {@code thaw status} shows it and a re-run resumes), parallel ranged
 * download with every chunk verified, whole-output verification, delivery. The verified, resumable
 * counterpart of {@code aws glacier get-job-output}.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Downloads, verifies and delivers the output of a completed Glacier job.",
                "Exit codes: 0 verified and delivered; 1 failed (job unknown or failed, bytes never verified,"
                        + " delivery failed); 2 bad arguments; 75 try again later (job still running, download"
                        + " interrupted — a re-run resumes)."})
public final class FetchCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int TRY_LATER = 75;

    @Option(names = "--vault", required = true, description = "vault name")
    String vault;

    @Option(names = "--job-id", required = true, description = "id of the completed job")
    String jobId;

    @Option(names = "--to", required = true, paramLabel = "DEST", description = {
            "destination URI (file:/dir, s3://bucket/prefix/, ftp://, ftps://, sftp://host/dir) or a plain path:",
            "an existing directory (the file is named from the archive description) or the exact file to write"})
    String to;

    @Option(names = "--account", description = "account id ('-' = the credentials' account; default thaw.aws.account)")
    String account;

    @Option(names = "--range", paramLabel = "a-b", description = {"only bytes a-b of the job output (bytes=a-b or a-b);",
            "must be tree-hash aligned (a power-of-two MiB long, starting at a multiple of that) to be verifiable"})
    String range;

    @Mixin
    ConfigFiles config;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    @Override
    public Integer call() {
        FetchWarmUp.start();
        ThawConfig cfg;
        OutputRange sub;
        DownloadSettings settings;
        try {
            cfg = config.load();
            settings = cfg.downloadSettings();
            sub = range == null ? null : OutputRange.parse(range);
        } catch (IllegalArgumentException e) {
            return fail(USAGE, e.getMessage());
        }
        FetchWarmUp.awaitLogging(); // the store and the client log from here on
        String endpoint = cfg.get("thaw.aws.endpoint");
        if (endpoint == null || !endpoint.regionMatches(true, 0, "http:", 0, 5)) {
            FetchWarmUp.tls();
        }
        String acct = account != null ? account : cfg.get("thaw.aws.account");
        AwsClients aws = new AwsClients(cfg);
        // The store opens while DescribeJob runs (start-up time, see StoreOpening).
        try (StoreOpening opening = new StoreOpening(cfg.get("thaw.store.url"),
                     cfg.get("thaw.store.user"), cfg.get("thaw.store.password"));
             GlacierReads glacier = aws.glacierReads();
             FetchTarget target = FetchTarget.parse(to, cfg)) {
            CompletedJob job = CompletedJob.describe(glacier, acct, vault, jobId, aws.region().id(), settings);
            String expected = job.outputTreeHash();
            if (sub != null) {
                sub.check(job);
                expected = RangeTreeHash.of(glacier, job, sub, settings);
            }
            JobStore store = opening.get();
            ConsoleProgress progress = quiet ? null : ConsoleProgress.replacingProgressLog(System.err);
            OutputDownloader downloader = new OutputDownloader(glacier, store, settings,
                    progress == null ? io.thaw.glacier.ProgressListener.NONE : progress);
            Path staging = Path.of(cfg.get("thaw.staging"));
            FetchRun run = new FetchRun(store, downloader, staging, cfg);
            FetchRun.Outcome out = run.fetch(job, sub, expected, target, to);
            System.out.println("thaw fetch: verified " + out.size() + " bytes (tree hash " + out.treeHash()
                    + ") and delivered them to " + out.location());
            System.out.println(String.format(java.util.Locale.ROOT, "thaw fetch: %d chunks fetched, %d reused from"
                    + " an earlier run; start-up to the first request %.2f s, download and verification %.2f s,"
                    + " delivery %.2f s", out.chunksFetched(), out.chunksReused(), out.startupSeconds(),
                    out.downloadSeconds(), out.deliverySeconds()));
            return OK;
        } catch (CompletedJob.NotDownloadable e) {
            return fail(e.retryLater() ? TRY_LATER : FAILED, e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(USAGE, e.getMessage());
        } catch (OutputProblem e) {
            return switch (e.kind()) {
                case NOT_READY -> fail(TRY_LATER, e.getMessage() + " — try again later");
                case TRANSIENT -> fail(TRY_LATER, e.getMessage() + " — run the same command again: verified chunks"
                        + " are kept and it resumes");
                case EXPIRED, PERMANENT -> fail(FAILED, e.getMessage());
            };
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            return fail(FAILED, "Glacier refused a request for job " + jobId + " of vault '" + vault + "': "
                    + io.thaw.glacier.ServiceAnswer.describe(e) + " — check the"
                    + " credentials and that they may call glacier:DescribeJob and glacier:GetJobOutput");
        } catch (SdkException e) {
            return fail(TRY_LATER, "Glacier could not be reached for job " + jobId + " of vault '" + vault + "': "
                    + e.getMessage() + " — check thaw.aws.endpoint/region and the network, then run again");
        } catch (Exception e) {
            return fail(FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static int fail(int code, String message) {
        System.err.println("thaw fetch: " + message);
        return code;
    }
}
