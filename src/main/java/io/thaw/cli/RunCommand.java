package io.thaw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "(not yet implemented)")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("thaw run: not yet implemented");
        return 2;
    }
}
