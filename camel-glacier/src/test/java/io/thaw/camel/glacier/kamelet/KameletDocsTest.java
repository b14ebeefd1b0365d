package io.thaw.camel.glacier.kamelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kamelets' property tables in docs/camel-glacier-kamelets.md (at the repository root) are rendered from
 * the Kamelet definitions, so the page lists each property with its real default. Run with
 * -Ddocs.update=true to rewrite them.
 */
class KameletDocsTest {

    /** Found from camel-glacier/target/test-classes, whatever directory the tests run in. */
    static final Path DOC = repositoryRoot().resolve("docs/camel-glacier-kamelets.md");

    private static Path repositoryRoot() {
        try {
            return Path.of(KameletDocsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("../../..").normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"glacier-archive-source", "glacier-retrieval-sink"})
    void docListsEveryPropertyAsTheKameletDeclaresIt(String name) throws IOException {
        String start = "<!-- generated from kamelets/" + name + ".kamelet.yaml: START -->\n";
        String end = "<!-- generated from kamelets/" + name + ".kamelet.yaml: END -->\n";
        String doc = Files.readString(DOC);
        int s = doc.indexOf(start);
        int e = doc.indexOf(end);
        assertTrue(s >= 0 && e > s, DOC + " has the markers for " + name);
        String rendered = render(name);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOC, doc.substring(0, s + start.length()) + rendered + doc.substring(e));
            return;
        }
        assertEquals(rendered, doc.substring(s + start.length(), e),
                "the " + name + " table of " + DOC + " is stale: run this test with -Ddocs.update=true");
    }

    @SuppressWarnings("unchecked")
    static String render(String name) throws IOException {
        Map<String, Object> kamelet;
        try (InputStream in = KameletDocsTest.class.getResourceAsStream("/kamelets/" + name + ".kamelet.yaml")) {
            assertNotNull(in, name);
            kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec")).get("definition");
        List<String> required = (List<String>) definition.get("required");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        StringBuilder sb = new StringBuilder("\n| Property | Type | Default | Description |\n|---|---|---|---|\n");
        properties.forEach((key, p) -> {
            Object credentials = p.get("x-descriptors");
            String flags = (required.contains(key) ? " *Required.*" : "")
                    + (credentials instanceof List<?> l && l.contains("urn:camel:group:credentials") ? " *Secret.*" : "")
                    + (p.get("enum") instanceof List<?> values ? " One of: " + String.join(", ", (List<String>) values) + "." : "")
                    + (p.get("example") != null ? " Example: `" + p.get("example") + "`." : "");
            sb.append("| `").append(key).append("` | ").append(p.get("type")).append(" | ")
                    .append(p.get("default") == null ? "" : "`" + p.get("default") + "`").append(" | ")
                    .append(String.valueOf(p.get("description")).replace("|", "\\|").replace("\n", " ")).append(flags)
                    .append(" |\n");
        });
        return sb.append('\n').toString();
    }
}
