package io.thaw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "(not yet implemented)")
public final class SandboxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("thaw sandbox: not yet implemented");
        return 2;
    }
}
