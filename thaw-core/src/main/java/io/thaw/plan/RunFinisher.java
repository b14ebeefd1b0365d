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
    private final RunItems items;
    private final Path reportFolder;

    public RunFinisher(RunStore runs, RunItems items, Path reportFolder) {
        this.runs = runs;
        this.items = items;
        this.reportFolder = reportFolder;
    }

    public boolean finishIfComplete(Run run) {
        if (items.anyQueued(run.runId()) || items.liveJobs(run.runId()) > 0) {
            return false;
        }
        items.failOrphanCopies(run.runId());
        if (!runs.setState(run.runId(), run.state(), Run.DONE, null)) {
            return false;
        }
        report(run.runId());
        return true;
    }

    /** Logs the report and writes it to the report folder; answers it. */
    public RunReport report(String runId) {
        RunReport r = RunReport.of(runs, items, runId);
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
