package io.thaw.plan;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What each run has spent, as thaw estimates it (retrieval request fee + per-GB fee of its tier from
 * {@code thaw.rates.*}), against its budget: the run's {@code "maxCost"} and {@code thaw.pace.max-cost},
 * the smaller one. The tally is read from the store once per run (jobs it started before a restart
 * count) and kept up to date by the pacer's thread.
 */
final class RunBudget {

    private final RunItems items;
    private final RateTable rates;
    private final Pace pace;
    private final Map<String, long[]> spent = new HashMap<>();

    RunBudget(RunItems items, RateTable rates, Pace pace) {
        this.items = items;
        this.rates = rates;
        this.pace = pace;
    }

    /** Null when the item fits the budget; else why the run stops (with what it spent and the fix). */
    String exceededBy(Run run, RunItem item) {
        BigDecimal max = pace.budget(run.selection().maxCost());
        if (max == null) {
            return null;
        }
        long[] s = tally(run.runId());
        RateTable.Rate r = rates.rate(run.tier());
        BigDecimal after = r.cost(s[0] + 1, s[1] + item.size());
        if (after.compareTo(max) <= 0) {
            return null;
        }
        RunItems.Queued left = items.queuedStats(run.runId());
        return String.format(java.util.Locale.ROOT, "budget reached: %,d jobs started cost about %s %s (%s rates of %s);"
                        + " the next archive (%s) would bring it to %s, over the budget of %s — %,d archives (%s) not"
                        + " started; raise \"maxCost\" in the request (or thaw.pace.max-cost) and drop it again:"
                        + " delivered archives are skipped, started ones followed",
                s[0], PlanPrinter.money(r.cost(s[0], s[1])), rates.currency(), run.tier(), rates.date(),
                PlanPrinter.bytes(item.size()), PlanPrinter.money(after), PlanPrinter.money(max), left.archives(),
                PlanPrinter.bytes(left.bytes()));
    }

    void add(Run run, RunItem item) {
        if (pace.budget(run.selection().maxCost()) != null) {
            long[] s = tally(run.runId());
            s[0]++;
            s[1] += item.size();
        }
    }

    /** {jobs, bytes} started, counted on from the store's tally. */
    private long[] tally(String runId) {
        return spent.computeIfAbsent(runId, id -> {
            RunItems.Started s = items.started(id);
            return new long[] {s.jobs(), s.bytes()};
        });
    }
}
