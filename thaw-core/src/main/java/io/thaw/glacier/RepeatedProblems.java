package io.thaw.glacier;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which problem was last reported for what, so a job that fails the same way on every
 * reconcile tick (a damaged store row, a destination that stays down) is reported once — one WARN
 * line, not a line or a stack trace every few seconds — and again only when the problem changes.
 */
public final class RepeatedProblems {

    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, String> lastReported = new ConcurrentHashMap<>();

    /** True when {@code problem} is new for {@code key} (then it should be logged), false when it repeats. */
    public boolean isNew(String key, String problem) {
        if (lastReported.size() > MAX_REMEMBERED) {
            lastReported.clear(); // a bound on memory; the worst case is one more line per key
        }
        return !String.valueOf(problem).equals(lastReported.put(key, String.valueOf(problem)));
    }

    /** True when {@code key} had a problem reported (and forgets it): the caller may say it recovered. */
    public boolean cleared(String key) {
        return lastReported.remove(key) != null;
    }
}
