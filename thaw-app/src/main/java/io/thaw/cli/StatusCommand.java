package io.thaw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.thaw.ThawConfig;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.api.JobJson;
import io.thaw.retire.RetireProgress;
import io.thaw.retire.RetireStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the jobs in the store: state, bytes, progress, age, time left in the 24 h window, last error. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the jobs thaw knows (from the job store, thaw.store.url).")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles config;

    @Option(names = "--vault", description = "only this vault")
    String vault;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--report", paramLabel = "RUN", description = "the report of a whole-vault run: requested, staged,"
            + " delivered, failed, skipped (count and bytes) and failure reasons")
    String report;


    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ThawConfig cfg = config.load();
        PrintWriter out = spec.commandLine().getOut();
        try (JobStore store = JobStore.open(cfg.get("thaw.store.url"),
                cfg.get("thaw.store.user"), cfg.get("thaw.store.password"))) {
            if (report != null) {
                return RunReportCommand.print(store, report, json, out, spec.commandLine().getErr());
            }
            List<JobRecord> jobs = store.list(vault);
            Instant now = Instant.now();
            if (json) {
                ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(om.writeValueAsString(Map.of("counts", store.countByState(),
                        "jobs", jobs.stream().map(j -> JobJson.of(j, now)).toList(),
                        "retires", RetireProgress.recent(new RetireStore(store), vault, 20))));
            } else {
                print(out, jobs, store.countByState(), now);
                RunReportCommand.listRuns(store, out);
                List<Map<String, Object>> retires = RetireProgress.recent(new RetireStore(store), vault, 10);
                if (!retires.isEmpty()) {
                    out.println("RETIRES");
                    retires.forEach(r -> out.println(RetireProgress.line(r)));
                }
            }
            out.flush();
        }
        return 0;
    }

    static void print(java.io.PrintStream out, List<JobRecord> jobs, Map<JobState, Long> counts, Instant now) {
        PrintWriter w = new PrintWriter(out);
        print(w, jobs, counts, now);
        w.flush();
    }

    static void print(PrintWriter out, List<JobRecord> jobs, Map<JobState, Long> counts, Instant now) {
        StringBuilder head = new StringBuilder();
        counts.forEach((s, n) -> head.append(s).append(' ').append(n).append("  "));
        out.println(head.toString().trim());
        if (jobs.isEmpty()) {
            out.println("no jobs yet — drop a request file into the inbox, or run `thaw demo`");
            return;
        }
        String fmt = "%-11s %-16s %-10s %-10s %21s %5s %7s %9s  %s%n";
        out.printf(fmt, "STATE", "VAULT", "ARCHIVE", "JOB", "BYTES", "DONE", "AGE", "WINDOW", "LAST ERROR / WHERE");
        for (JobRecord j : jobs) {
            long total = j.outputSize() == null ? 0 : j.outputSize();
            String pct = total == 0 ? "-" : (j.bytesDone() * 100 / total) + "%";
            String bytes = total == 0 ? "-" : j.bytesDone() + "/" + total;
            out.printf(fmt, j.state(), clip(j.vault(), 16), j.archiveId() == null ? "inventory"
                    : JobRecord.shortId(j.archiveId()), JobRecord.shortId(j.jobId()), bytes, pct, age(Duration.between(j.createdAt(), now)),
                    window(j, now), j.error() != null ? clip(j.error(), 80) : j.deliveredTo() != null ? j.deliveredTo() : "");
        }
    }

    /** Time left to download a staged job's output (Glacier keeps it at least 24 h after completion). */
    static String window(JobRecord j, Instant now) {
        Duration left = JobJson.windowLeft(j, now);
        if (left == null) {
            return "-";
        }
        return left.isNegative() ? "expired" : age(left);
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172800 ? s / 3600 + "h" : s / 86400 + "d";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
