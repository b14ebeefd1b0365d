package io.thaw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "(not yet implemented)")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("thaw demo: not yet implemented");
        return 2;
    }
}
