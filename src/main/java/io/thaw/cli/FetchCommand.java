package io.thaw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "fetch", mixinStandardHelpOptions = true, description = "(not yet implemented)")
public final class FetchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("thaw fetch: not yet implemented");
        return 2;
    }
}
