package io.thaw;

import io.thaw.cli.ConfigCommand;
import io.thaw.cli.DemoCommand;
import io.thaw.config.ConfigException;
import io.thaw.cli.FetchCommand;
import io.thaw.cli.PlanCommand;
import io.thaw.cli.RetireCommand;
import io.thaw.cli.RunCommand;
import io.thaw.cli.SandboxCommand;
import io.thaw.cli.SetupCommand;
import io.thaw.cli.StatusCommand;
import io.thaw.cli.TreehashCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code thaw} command: brings archives back from Amazon Glacier vaults. */
@Command(name = "thaw", mixinStandardHelpOptions = true, version = "thaw 0.1.0",
        description = "Brings archives back from Amazon Glacier vaults: starts jobs, receives their "
                + "completion notices, verifies every byte by tree hash and delivers the output.",
        subcommands = {RunCommand.class, SandboxCommand.class, DemoCommand.class, StatusCommand.class,
                FetchCommand.class, TreehashCommand.class, SetupCommand.class, PlanCommand.class, ConfigCommand.class,
                RetireCommand.class,
                CommandLine.HelpCommand.class})
public final class Thaw implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Logging starts before any command starts threads: SLF4J replays, with a three-line warning on the
        // console, what other threads log while it initializes (thaw fetch opens the store on a second
        // thread while it asks Glacier for the job). For fetch the warm-up thread starts it, so the main
        // thread parses the command line meanwhile, and waits for it before anything logs.
        if (args.length > 0 && args[0].equals("fetch")) {
            io.thaw.cli.FetchWarmUp.start(); // starts logging first, then loads H2 while picocli parses
        } else {
            LoggerFactory.getILoggerFactory();
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("fetch")) {
            // Start-up time: picocli reflects every subcommand it is given (run's pulls in Camel Main);
            // fetch needs only its own.
            return new CommandLine(new FetchCommand()).setCommandName("thaw fetch")
                    .setAllowOptionsAsOptionParameters(true).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    /**
     * The command line parser; a {@link ConfigException} anywhere in a command ends it with its one-line
     * message and exit code 2. Option values may look like options: Glacier job and archive ids are
     * URL-safe base64 and may begin with '-', and picocli would otherwise refuse "--job-id -hk9P…" as
     * the help option -h.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Thaw()).setAllowOptionsAsOptionParameters(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // A configuration mistake is the user's: one line, exit code 2, no stack trace.
                    ConfigException ce = ConfigException.in(e);
                    if (ce == null) {
                        ce = routeError(e);
                    }
                    if (ce == null) {
                        throw e;
                    }
                    cmd.getErr().println("thaw: " + ce.getMessage());
                    cmd.getErr().flush();
                    return ConfigException.EXIT_CODE;
                });
    }

    /** A route that cannot be created (an operator's YAML, an endpoint URI) is a configuration mistake too. */
    private static ConfigException routeError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.apache.camel.FailedToCreateRouteException f) {
                return new ConfigException(f.getMessage().lines().findFirst().orElse(f.toString())
                        + " — fix the route (operator routes: thaw.routes) or the setting its URI uses");
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
