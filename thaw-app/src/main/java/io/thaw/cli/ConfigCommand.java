package io.thaw.cli;

import io.thaw.ThawConfig;
import io.thaw.config.ConfigLoader;
import io.thaw.config.Reference;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code thaw config}: the effective settings with the source of each value (secrets masked), or the
 * reference of every setting ({@code --docs}, Markdown) or a properties file with every key commented
 * with its default ({@code --example}).
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Prints the effective settings and where each value came from (secrets masked);",
                "--docs prints the reference of every setting in Markdown, --example a commented properties file."})
public final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles config;

    @Option(names = "--docs", description = "print the configuration reference (Markdown)")
    boolean docs;

    @Option(names = "--example", description = "print every key commented with its default (config/thaw.properties.example)")
    boolean example;

    @Override
    public Integer call() {
        if (docs) {
            System.out.print(Reference.markdown());
            return 0;
        }
        if (example) {
            System.out.print(Reference.propertiesExample());
            return 0;
        }
        ThawConfig cfg = config.load();
        for (Map.Entry<String, ConfigLoader.Value> e : cfg.values().entrySet()) {
            System.out.println(e.getKey() + "=" + Reference.shown(e.getKey(), e.getValue().value())
                    + "    # " + e.getValue().source());
        }
        return 0;
    }
}
