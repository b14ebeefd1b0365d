package io.thaw.cli;

import io.thaw.glacier.ProgressListener;
import java.io.PrintStream;

/**
 * The progress line of {@code thaw fetch} on stderr: redrawn in place every second on a terminal,
 * one line every few seconds when stderr is a file or pipe (so logs stay readable).
 */
final class ConsoleProgress implements ProgressListener {

    private static final long PIPE_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastLine;

    ConsoleProgress(PrintStream out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    /** A console line instead of the every-5-seconds progress log line, which would say the same twice. */
    static ConsoleProgress replacingProgressLog(PrintStream out) {
        if (org.slf4j.LoggerFactory.getLogger("io.thaw.progress") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        return new ConsoleProgress(out);
    }

    @Override
    public synchronized void progress(Progress p) {
        String line = p.label() + ": " + p.line();
        if (terminal) {
            out.print("\r" + line + "   ");
            if (p.finished()) {
                out.println();
            }
            out.flush();
            return;
        }
        long now = System.nanoTime();
        if (p.finished() || now - lastLine >= PIPE_EVERY_NANOS) {
            lastLine = now;
            out.println(line);
        }
    }
}
