package io.thaw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Thaw;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped reference files are the model's own output: docs/configuration.md (the README's
 * configuration reference) equals `thaw config --docs`, config/thaw.properties.example equals
 * `thaw config --example`. Regenerate them with those commands after changing io.thaw.config.Catalog.
 */
class ConfigReferenceTest {

    @Test
    void docsConfigurationIsThawConfigDocs() throws Exception {
        assertEquals(run("config", "--docs"), Files.readString(Path.of("docs/configuration.md")),
                "docs/configuration.md is stale: java -jar target/thaw.jar config --docs > docs/configuration.md");
        assertTrue(Files.readString(Path.of("README.md")).contains("(docs/configuration.md)"),
                "README links the reference");
    }

    @Test
    void thePropertiesExampleIsThawConfigExample() throws Exception {
        assertEquals(run("config", "--example"), Files.readString(Path.of("config/thaw.properties.example")),
                "config/thaw.properties.example is stale: java -jar target/thaw.jar config --example > config/thaw.properties.example");
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Thaw.execute(args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
