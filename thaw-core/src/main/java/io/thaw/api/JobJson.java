package io.thaw.api;

import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job record as JSON-friendly values, the same for {@code thaw status --json} and the HTTP API:
 * every record field (instants as ISO-8601 text), plus the progress and the time left to download.
 */
public final class JobJson {

    /** Glacier keeps a finished job's output for at least 24 hours. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private JobJson() {
    }

    public static Map<String, Object> of(JobRecord j, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : JobRecord.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(j);
                m.put(c.getName(), v instanceof Instant || v instanceof JobState ? v.toString() : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        Long total = j.outputSize();
        m.put("progressPercent", total == null || total == 0 ? null : j.bytesDone() * 100 / total);
        Duration left = windowLeft(j, now);
        m.put("windowLeftSeconds", left == null ? null : Math.max(0, left.getSeconds()));
        return m;
    }

    /** Time left to download a finished job's output; null when not applicable (not finished, or final). */
    public static Duration windowLeft(JobRecord j, Instant now) {
        if (j.completedAt() == null || j.state().isFinal()) {
            return null;
        }
        return Duration.between(now, j.completedAt().plus(WINDOW));
    }
}
