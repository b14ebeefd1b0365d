package io.thaw.cli;

import io.thaw.ThawConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The --config option every command shares: settings files on top of the built-in defaults and the
 * optional config/application.properties of thaw.home, in order (later wins); environment variables
 * and -D system properties override them all.
 */
public final class ConfigFiles {

    @Option(names = "--config", paramLabel = "FILE", description = {"settings file (repeatable, later wins) on top of the",
            "defaults and config/application.properties; environment variables and -D win over it"})
    List<Path> files = new ArrayList<>();

    public ThawConfig load() {
        return ThawConfig.fromFiles(files);
    }
}
