package io.thaw.retire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where retires stand, for `thaw status` and GET /retires: read-only, nothing here deletes. */
public final class RetireProgress {

    private RetireProgress() {
    }

    /** The newest retires (of one vault, or all), each with deleted / to delete / kept archives and bytes. */
    public static List<Map<String, Object>> recent(RetireStore store, String vault, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RetireStore.Retire r : store.retires(vault, limit)) {
            out.add(of(store, r));
        }
        return out;
    }

    public static Map<String, Object> of(RetireStore store, RetireStore.Retire r) {
        long[] deleted = new long[2];
        long[] pending = new long[2];
        long[] kept = new long[2];
        for (RetireStore.Total t : store.totals(r.retireId())) {
            long[] into = switch (t.state()) {
                case RetireItem.DELETED -> deleted;
                case RetireItem.DELETE -> pending;
                default -> kept;
            };
            into[0] += t.archives();
            into[1] += t.bytes();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("retire", r.retireId());
        m.put("vault", r.vault());
        m.put("dryRun", !r.confirm());
        m.put("state", r.state());
        m.put("reason", r.reason());
        m.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
        m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("deletedArchives", deleted[0]);
        m.put("deletedBytes", deleted[1]);
        m.put("toDeleteArchives", pending[0]);
        m.put("toDeleteBytes", pending[1]);
        m.put("keptArchives", kept[0]);
        m.put("keptBytes", kept[1]);
        return m;
    }

    /** One line per retire for `thaw status`. */
    public static String line(Map<String, Object> m) {
        return String.format("%-32s %-9s %-20s deleted %d (%s), to delete %d, kept %d%s", m.get("retire"), m.get("state"),
                m.get("vault"), (Long) m.get("deletedArchives"), RetireReport.human((Long) m.get("deletedBytes")),
                (Long) m.get("toDeleteArchives"), (Long) m.get("keptArchives"),
                m.get("reason") == null ? "" : "  " + m.get("reason"));
    }
}
