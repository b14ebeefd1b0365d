package io.thaw;

import java.nio.file.Path;

/**
 * thaw's routes in a JVM of their own, as `thaw run --config FILE` runs them (the command line lives in
 * thaw-app): {@code RoutesProcessMain <config file>}. Crash tests start it and kill it.
 */
public final class RoutesProcessMain {

    private RoutesProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        org.apache.camel.main.Main main = ThawMain.create(Path.of(args[0]), null);
        StopSignals.install(main); // as thaw run
        main.run();
        System.exit(main.getExitCode());
    }
}
