package io.thaw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "(not yet implemented)")
public final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("thaw status: not yet implemented");
        return 2;
    }
}
