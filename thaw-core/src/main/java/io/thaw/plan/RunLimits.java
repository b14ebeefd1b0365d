package io.thaw.plan;

import java.math.BigDecimal;

/**
 * Caps that make a run impossible, found before anything starts: a bytes-per-day smaller than the
 * largest archive (it could never start) or a budget smaller than one archive's retrieval.
 */
final class RunLimits {

    private RunLimits() {
    }

    /**
     * The reason and the fix, or null when the caps allow the run.
     *
     * @param smallest the smallest archive to retrieve (its cost is the least one start costs)
     */
    static String problem(Pace pace, BigDecimal runMaxCost, long largest, long smallest, long jobs,
                          RateTable.Rate rate, String tier) {
        if (jobs == 0) {
            return null;
        }
        if (pace.bytesPerDay() > 0 && largest > pace.bytesPerDay()) {
            return "thaw.pace.bytes-per-day (" + PlanPrinter.bytes(pace.bytesPerDay()) + ") is smaller than the largest"
                    + " archive (" + PlanPrinter.bytes(largest) + "), which could never start — raise"
                    + " thaw.pace.bytes-per-day to at least " + PlanPrinter.bytes(largest) + ", or leave such archives"
                    + " out with \"maxSize\" in \"select\"";
        }
        BigDecimal budget = pace.budget(runMaxCost);
        BigDecimal one = rate.cost(1, smallest);
        if (budget != null && one.compareTo(budget) > 0) {
            return "the budget of " + budget.stripTrailingZeros().toPlainString() + " USD (\"maxCost\" / thaw.pace.max-cost) is below the "
                    + tier + " cost of even the smallest archive (" + PlanPrinter.money(one) + " for "
                    + PlanPrinter.bytes(smallest) + ") — raise \"maxCost\" (`thaw plan` shows what the run costs)";
        }
        return null;
    }
}
