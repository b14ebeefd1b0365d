package io.thaw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.thaw.ThawConfig;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the jobs in the store: state, bytes, progress, age, time left in the 24 h window, last error. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the jobs thaw knows (from the job store, thaw.store.url).")
public final class StatusCommand implements Callable<Integer> {

    static final Duration WINDOW = Duration.ofHours(24);

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/application.properties",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--vault", description = "only this vault")
    String vault;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--report", paramLabel = "RUN", description = "the report of a whole-vault run: requested, staged,"
            + " delivered, failed, skipped (count and bytes) and failure reasons")
    String report;

    @Override
    public Integer call() throws Exception {
        ThawConfig cfg = ThawConfig.load(config);
        try (JobStore store = JobStore.open(cfg.get("thaw.store.url", "jdbc:h2:file:./work/thaw-db"),
                cfg.get("thaw.store.user"), cfg.get("thaw.store.password"))) {
            if (report != null) {
                return RunReportCommand.print(store, report, json);
            }
            List<JobRecord> jobs = store.list(vault);
            if (json) {
                ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                System.out.println(om.writeValueAsString(Map.of("counts", store.countByState(),
                        "jobs", jobs.stream().map(StatusCommand::asMap).toList())));
            } else {
                print(System.out, jobs, store.countByState(), Instant.now());
                RunReportCommand.listRuns(store, System.out);
            }
        }
        return 0;
    }

    /** A job as JSON-friendly values (instants as ISO-8601 strings). */
    static Map<String, Object> asMap(JobRecord j) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (var c : JobRecord.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(j);
                m.put(c.getName(), v instanceof Instant || v instanceof JobState ? v.toString() : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    static void print(PrintStream out, List<JobRecord> jobs, Map<JobState, Long> counts, Instant now) {
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
            out.printf(fmt, j.state(), clip(j.vault(), 16), JobRecord.shortId(j.archiveId() == null ? "inventory"
                    : j.archiveId()), JobRecord.shortId(j.jobId()), bytes, pct, age(Duration.between(j.createdAt(), now)),
                    window(j, now), j.error() != null ? clip(j.error(), 80) : j.deliveredTo() != null ? j.deliveredTo() : "");
        }
    }

    /** Time left to download a staged job's output (Glacier keeps it at least 24 h after completion). */
    static String window(JobRecord j, Instant now) {
        if (j.completedAt() == null || j.state().isFinal()) {
            return "-";
        }
        Duration left = Duration.between(now, j.completedAt().plus(WINDOW));
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
