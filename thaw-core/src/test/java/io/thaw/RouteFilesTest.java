package io.thaw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The built-in routes are named, not scanned for: the list names every stage file in routes/ (read here from
 * the build's class folder), in order.
 */
class RouteFilesTest {

    @Test
    void theListNamesEveryStageFile() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(RouteSet.class.getResource("/routes").toURI()))) {
            List<String> stages = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length())).sorted().toList();
            assertEquals(stages, RouteSet.BUILT_IN_FILES);
        }
    }
}
