package io.thaw;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * Builds the Camel Main that runs routes/ with thaw's beans: settings from the configuration file,
 * then JVM system properties and environment variables (Camel's properties component applies both),
 * then the given overrides (what --local or the demo decide).
 */
public final class ThawMain {

    private ThawMain() {
    }

    public static Main create(Path configFile, Properties overrides) {
        Main main = new Main();
        main.configure().addConfiguration(ThawBeans.class);
        main.setPropertyPlaceholderLocations("file:" + configFile.toAbsolutePath() + ";optional=true");
        if (overrides != null && !overrides.isEmpty()) {
            main.setOverrideProperties(overrides);
        }
        return main;
    }
}
