package io.thaw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.thaw.plan.RunItems;
import io.thaw.plan.RunReport;
import io.thaw.plan.RunStore;
import io.thaw.store.JobStore;
import java.io.PrintWriter;

/** {@code thaw status --report RUN}: a run's report on demand, as text or JSON. */
final class RunReportCommand {

    private RunReportCommand() {
    }

    /** One line per whole-vault run, newest first (nothing when there are none). */
    static void listRuns(JobStore store, PrintWriter out) {
        java.util.List<String> lines = new RunStore(store).runLines();
        if (!lines.isEmpty()) {
            out.println("runs (thaw status --report RUN for details):");
            lines.forEach(l -> out.println("  " + l));
        }
    }

    static int print(JobStore store, String runId, boolean json, PrintWriter out, PrintWriter err) throws Exception {
        RunReport r;
        try {
            r = RunReport.of(new RunStore(store), new RunItems(store), runId);
        } catch (IllegalArgumentException e) {
            err.println("thaw status: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.asMap()));
        } else {
            out.print(r);
        }
        out.flush();
        return 0;
    }
}
