package io.thaw.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a run once nothing is left to happen: no archive queued, no job of it in flight. Copies
 * whose original never delivered fail with that reason. The run report is logged and written to
 * {@code <report folder>/<run>.txt}.
 */
public final class RunFinisher {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);

    private final RunStore runs;
    private final Path reportFolder;

    public RunFinisher(RunStore runs, Path reportFolder) {
        this.runs = runs;
        this.reportFolder = reportFolder;
    }

    public boolean finishIfComplete(Run run) {
        if (runs.count(run.runId(), RunItem.QUEUED) > 0) {
            return false;
        }
        // From the jobs not delivered or failed (the job-state index), not from all the run's started items:
        // this runs on every pacer check, and a big run has hundreds of thousands of those.
        // (The run is tested in the count, not the join: with it in the join the databases walk the run's items.)
        long live = runs.single("select count(case when i.run_id = ? then 1 end) from thaw_job j left join"
                + " thaw_run_item i on i.job_id = j.job_id and i.state = 'STARTED' where j.action = 'ArchiveRetrieval'"
                + " and j.state in ('REQUESTED', 'STAGED', 'DOWNLOADING', 'EXPIRED')", rs -> rs.getLong(1),
                run.runId()).orElse(0L);
        if (live > 0) {
            return false;
        }
        runs.update("update thaw_run_item set state = 'FAILED', reason = 'not written: the archive with the same content ('"
                + " || copy_of || ') was not delivered' where run_id = ? and state = 'COPY'", run.runId());
        if (!runs.setState(run.runId(), run.state(), Run.DONE, null)) {
            return false;
        }
        report(run.runId());
        return true;
    }

    /** Logs the report and writes it to the report folder; answers it. */
    public RunReport report(String runId) {
        RunReport r = RunReport.of(runs, runId);
        LOG.info("run report\n{}", r);
        try {
            Files.createDirectories(reportFolder);
            Files.writeString(reportFolder.resolve(runId + ".txt"), r.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("run {}: could not write the report to {}: {} — `thaw status --report {}` shows it", runId,
                    reportFolder, e.getMessage(), runId);
        }
        return r;
    }
}
