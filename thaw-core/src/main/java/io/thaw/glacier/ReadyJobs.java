package io.thaw.glacier;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs found already completed when they were adopted (another tool, or thaw before a crash, started
 * them and their notice went elsewhere or was consumed): no notice will arrive for them, so the
 * reconciler hands them to the fetch route on its next tick instead of after {@code thaw.reconcile.staged-grace}.
 * The fetch route's claim still decides who takes each one; a lost entry (restart) falls back to the grace.
 */
public final class ReadyJobs {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    public void add(String jobId) {
        ids.add(jobId);
    }

    /** The ids added since the last call. */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (ids.remove(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
