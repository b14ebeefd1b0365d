package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.thaw.Thaw;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Glacier job and archive ids are URL-safe base64 and may begin with '-' ("-hk9P…" once broke a CI run:
 * picocli read it as the option cluster -h -k…). Every way of writing such an id must reach the command.
 */
class CommandLineArgumentsTest {

    static final String DASH_ID = "-hk9PrtKd2QXXDFIUzGqx6SvQ7kw_k8YWl1Gfmy48NTCzJmPdD9TCtqfyv-sxI6uVzrWqDGiXhK3pJ_15J8jkEUsP7qW";

    @Test
    void jobIdStartingWithDashIsAcceptedAsSeparateOrAttachedValue() {
        for (String[] args : new String[][] {
                {"fetch", "--vault", "v", "--job-id", DASH_ID, "--to", "out"},
                {"fetch", "--vault", "v", "--job-id=" + DASH_ID, "--to", "out"},
                {"fetch", "--vault", "v", "--job-id", "-V" + DASH_ID.substring(2), "--to", "out"}}) {
            CommandLine cl = Thaw.commandLine();
            CommandLine.ParseResult r = cl.parseArgs(args);
            FetchCommand fetch = (FetchCommand) r.subcommand().commandSpec().userObject();
            String expected = args[3].startsWith("--job-id=") ? DASH_ID : args[4];
            assertEquals(expected, fetch.jobId, String.join(" ", args));
        }
    }

    @Test
    void missingJobIdValueIsStillReportedAsUsageError() {
        assertEquals(2, Thaw.execute("fetch", "--vault", "v", "--to", "out", "--job-id"));
    }
}
