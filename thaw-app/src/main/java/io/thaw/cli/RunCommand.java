package io.thaw.cli;

import io.thaw.setup.LocalWiring;
import io.thaw.ThawConfig;
import io.thaw.ThawMain;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the route set until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs thaw's routes (built in, plus routes/ of thaw.home): reads request files from the inbox, starts",
                "Glacier jobs, receives their notices from SQS, downloads, verifies and delivers the output."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles config;

    @Option(names = "--local", description = {"start the sandbox in this process (data in work/sandbox) and point",
            "every AWS client at it: no AWS account needed"})
    boolean local;

    @Option(names = {"-v", "--verbose"}, description = {"debug logging: thaw's decisions, every AWS request line",
            "(method, path, status; never credentials) and Camel's AWS components"})
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (verbose) {
            Verbose.enable();
        }
        ThawConfig cfg = config.load();
        Properties overrides = new Properties();
        Sandbox sandbox = null;
        if (local) {
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(Path.of("work/sandbox")));
            LocalWiring.Wired w = LocalWiring.wire(sandbox.endpoint(), sandbox.region(), overrides);
            System.out.println("thaw run --local: sandbox at " + sandbox.endpoint() + ", notices via " + w.queueUrl());
            System.out.println("  use it with: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url "
                    + sandbox.endpoint() + " --region " + sandbox.region() + " glacier ...");
        }
        Main main = ThawMain.create(cfg, overrides);
        io.thaw.StopSignals.install(main); // SIGTERM drains the routes before the store closes
        try {
            main.run();
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
        return main.getExitCode();
    }
}
