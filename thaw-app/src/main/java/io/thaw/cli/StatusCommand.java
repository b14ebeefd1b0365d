package io.thaw.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.ThawConfig;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.api.JobJson;
import io.thaw.retire.RetireProgress;
import io.thaw.retire.RetireStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints the jobs in the store: state, bytes, progress, age, time left in the 24 h window, last error; the
 * newest {@code --limit} of them (a whole-vault run leaves a job per archive), or every one with --all.
 */
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

    @Option(names = "--state", paramLabel = "STATE", description = "only jobs in this state: REQUESTED, STAGED,"
            + " DOWNLOADING, DELIVERED, FAILED or EXPIRED")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "show the newest N jobs"
            + " (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--all", description = "show every job (read and printed a page at a time)")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ThawConfig cfg = config.load();
        PrintWriter out = spec.commandLine().getOut();
        JobState only;
        try {
            only = state == null ? null : JobState.named(state);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--state " + e.getMessage());
        }
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1 (or use --all)");
        }
        try (JobStore store = JobStore.open(cfg.get("thaw.store.url"),
                cfg.get("thaw.store.user"), cfg.get("thaw.store.password"))) {
            if (report != null) {
                return RunReportCommand.print(store, report, json, out, spec.commandLine().getErr());
            }
            Map<JobState, Long> counts = store.countByState();
            // one more than shown tells whether there are more
            int read = (int) Math.min(Integer.MAX_VALUE, limit + 1L);
            List<JobRecord> page = all ? List.of() : store.page(vault, only, null, read);
            boolean more = page.size() > limit;
            Consumer<Consumer<JobRecord>> jobs = all ? each -> store.forEach(vault, only, each)
                    : each -> page.stream().limit(limit).forEach(each);
            Instant now = Instant.now();
            if (json) {
                printJson(out, counts, jobs, more, RetireProgress.recent(new RetireStore(store), vault, 20), now);
            } else {
                printCounts(out, counts);
                printJobs(out, jobs, now);
                if (more) {
                    out.println("the newest " + limit + " shown" + (vault == null && only == null ? " of "
                            + String.format(Locale.ROOT, "%,d", counts.values().stream().mapToLong(Long::longValue).sum())
                            : "") + " — --limit N, --state STATE, --vault V or --all for more");
                }
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

    /** The JSON form, the jobs written as they are read (with --all a store's every job, never all in memory). */
    private static void printJson(PrintWriter out, Map<JobState, Long> counts, Consumer<Consumer<JobRecord>> jobs,
            boolean more, List<Map<String, Object>> retires, Instant now) throws IOException {
        ObjectMapper om = new ObjectMapper();
        // the command's writer stays open: the generator flushes it at the end but does not close it
        try (JsonGenerator g = om.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeObjectField("counts", counts);
            g.writeArrayFieldStart("jobs");
            jobs.accept(j -> {
                try {
                    om.writeValue(g, JobJson.of(j, now));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeBooleanField("more", more);
            g.writeObjectField("retires", retires);
            g.writeEndObject();
        }
        out.println();
    }

    static void print(java.io.PrintStream out, List<JobRecord> jobs, Map<JobState, Long> counts, Instant now) {
        PrintWriter w = new PrintWriter(out);
        printCounts(w, counts);
        printJobs(w, jobs::forEach, now);
        w.flush();
    }

    static void printCounts(PrintWriter out, Map<JobState, Long> counts) {
        StringBuilder head = new StringBuilder();
        counts.forEach((s, n) -> head.append(s).append(' ').append(n).append("  "));
        out.println(head.toString().trim());
    }

    static void printJobs(PrintWriter out, Consumer<Consumer<JobRecord>> jobs, Instant now) {
        String fmt = "%-11s %-16s %-10s %-10s %21s %5s %7s %9s  %s%n";
        boolean[] any = {false};
        jobs.accept(j -> {
            if (!any[0]) {
                out.printf(fmt, "STATE", "VAULT", "ARCHIVE", "JOB", "BYTES", "DONE", "AGE", "WINDOW", "LAST ERROR / WHERE");
                any[0] = true;
            }
            long total = j.outputSize() == null ? 0 : j.outputSize();
            String pct = total == 0 ? "-" : (j.bytesDone() * 100 / total) + "%";
            String bytes = total == 0 ? "-" : j.bytesDone() + "/" + total;
            out.printf(fmt, j.state(), clip(j.vault(), 16), j.archiveId() == null ? "inventory"
                    : JobRecord.shortId(j.archiveId()), JobRecord.shortId(j.jobId()), bytes, pct, age(Duration.between(j.createdAt(), now)),
                    window(j, now), j.error() != null ? clip(j.error(), 80) : j.deliveredTo() != null ? j.deliveredTo() : "");
        });
        if (!any[0]) {
            out.println("no jobs yet — drop a request file into the inbox, or run `thaw demo`");
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
