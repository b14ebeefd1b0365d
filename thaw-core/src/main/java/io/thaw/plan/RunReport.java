package io.thaw.plan;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands: archives (count and bytes) queued, requested, staged, delivered, failed,
 * skipped, and copies still waiting for their original's output, plus the failure reasons.
 * Derived from the store each time, so it is the same at the end of the run and on demand: the run's tally
 * of item states ({@link RunTally}) and the jobs not delivered, so it costs what is in flight, not the
 * run's size. A STARTED item whose job is neither in flight nor failed was delivered: an item is marked
 * STARTED in the transaction that records its job, and jobs are never deleted.
 */
public record RunReport(Run run, Map<String, long[]> counts, List<Reason> reasons) {

    public static final List<String> CATEGORIES = List.of("queued", "requested", "staged", "delivered", "failed",
            "skipped", "copies-pending");

    public record Reason(String reason, long archives) {
    }

    public static RunReport of(RunStore runs, RunItems items, String runId) {
        Run run = runs.run(runId).orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "' in the job"
                + " store — `thaw status` lists runs; check thaw.store.url"));
        Map<String, long[]> counts = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> counts.put(c, new long[2]));
        Map<String, long[]> byState = new LinkedHashMap<>(items.tally(runId));
        long[] delivered = byState.remove(RunItem.STARTED); // less those whose job is not delivered, below
        byState.forEach((state, t) -> add(counts, category(state, null), t[0], t[1]));
        items.startedNotDelivered(runId).forEach((job, t) -> {
            add(counts, category(RunItem.STARTED, job), t[0], t[1]);
            delivered[0] -= t[0];
            delivered[1] -= t[1];
        });
        add(counts, "delivered", delivered[0], delivered[1]);
        return new RunReport(run, counts, items.failureReasons(runId));
    }

    private static void add(Map<String, long[]> counts, String category, long archives, long bytes) {
        long[] c = counts.get(category);
        c[0] += archives;
        c[1] += bytes;
    }

    static String category(String item, String job) {
        return switch (item) {
            case RunItem.QUEUED -> "queued";
            case RunItem.SKIPPED -> "skipped";
            case RunItem.COPY -> "copies-pending";
            case RunItem.COPIED -> "delivered";
            case RunItem.FAILED -> "failed";
            default -> job == null ? "requested" : switch (job) {
                case "REQUESTED" -> "requested";
                case "DELIVERED" -> "delivered";
                case "FAILED" -> "failed";
                default -> "staged";
            };
        };
    }

    public long count(String category) {
        return counts.get(category)[0];
    }

    public long bytes(String category) {
        return counts.get(category)[1];
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run.runId());
        m.put("vault", run.vault());
        m.put("tier", run.tier());
        m.put("destination", run.destination());
        m.put("state", run.state());
        m.put("reason", run.reason());
        Map<String, Object> c = new LinkedHashMap<>();
        counts.forEach((k, v) -> c.put(k, Map.of("archives", v[0], "bytes", v[1])));
        m.put("counts", c);
        m.put("failures", reasons.stream().map(r -> Map.of("reason", r.reason(), "archives", r.archives())).toList());
        return m;
    }

    public void print(PrintStream out) {
        out.printf("run %s: vault '%s', tier %s -> %s, %s%s%n", run.runId(), run.vault(), run.tier(), run.destination(),
                run.state(), run.reason() == null ? "" : " (" + run.reason() + ")");
        for (String cat : CATEGORIES) {
            out.printf("  %-15s %,10d archives %,20d bytes%n", cat, count(cat), bytes(cat));
        }
        if (!reasons.isEmpty()) {
            out.println("  failures:");
            for (Reason r : reasons) {
                out.printf("    %,8d x %s%n", r.archives(), r.reason());
            }
        }
    }

    @Override
    public String toString() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        print(new PrintStream(b, true, java.nio.charset.StandardCharsets.UTF_8));
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
