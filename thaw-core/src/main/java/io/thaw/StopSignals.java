package io.thaw;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (a service manager's stop) and SIGINT stop {@code thaw run} in order: Camel stops the routes and
 * drains the work in flight, thaw closes the store after them, and only then does the JVM exit and run its
 * shutdown hooks. Left to the JVM, the signal runs every hook at once, and H2's own hook closed the database
 * under the work Camel was still draining ("Database is already closed"; StopH2IT). H2 cannot be asked not
 * to: DB_CLOSE_ON_EXIT=FALSE is refused together with AUTO_SERVER, which the default store uses so that
 * {@code thaw status} can read it while thaw runs. A second signal exits at once (the store survives that,
 * as it survives kill -9).
 */
public final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** Call before {@code main.run()}; the caller exits when it returns. */
    public static void install(Main main) {
        AtomicInteger seen = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (seen.incrementAndGet() == 1) {
                        LOG.info("SIG{}: stopping — the work in flight is finished first (send it again to exit now)",
                                s.getName());
                        main.completed();
                    } else {
                        LOG.warn("SIG{} again: exiting now; unfinished work is taken up at the next start", s.getName());
                        System.exit(128 + s.getNumber());
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // -Xrs, or the JVM keeps the signal: the JVM's shutdown hooks stop thaw instead
                LOG.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }
}
