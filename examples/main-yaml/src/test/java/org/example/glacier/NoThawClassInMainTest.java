package org.example.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example shows the component as a user sees it: its own code and settings name no thaw class or package. */
class NoThawClassInMainTest {

    @Test
    void srcMainNeverMentionsIoThaw() throws IOException {
        Path main = MainYamlExampleIT.targetDir().getParent().resolve("src/main");
        assertTrue(Files.isDirectory(main), main.toString());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(main)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 5, "found the example's sources: " + files);
        List<String> offenders = files.stream().filter(f -> mentionsThaw(f)).map(f -> main.relativize(f).toString()).toList();
        assertEquals(List.of(), offenders, "files of the example's src/main that name io.thaw");
    }

    private static boolean mentionsThaw(Path file) {
        try {
            return Files.readString(file).contains("io.thaw");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
