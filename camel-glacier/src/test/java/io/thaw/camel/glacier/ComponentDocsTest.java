package io.thaw.camel.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option and header tables of docs/camel-glacier.md are rendered from the component
 * JSON that Camel's tooling generates from the annotations, so the docs list every option and header
 * with its real default. Run with -Ddocs.update=true to rewrite them after changing an option.
 */
class ComponentDocsTest {

    static final Path DOC = Path.of("docs/camel-glacier.md");
    static final String START = "<!-- generated from glacier.json: START -->\n";
    static final String END = "<!-- generated from glacier.json: END -->\n";

    @Test
    void docListsEveryOptionAndHeaderAsTheMetadataSays() throws IOException {
        String doc = Files.readString(DOC);
        int s = doc.indexOf(START);
        int e = doc.indexOf(END);
        String rendered = render();
        String updated = doc.substring(0, s + START.length()) + rendered + doc.substring(e);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOC, updated);
            return;
        }
        assertEquals(rendered, doc.substring(s + START.length(), e),
                "the tables of " + DOC + " are stale: run this test with -Ddocs.update=true");
    }

    static String render() throws IOException {
        JsonNode json;
        try (InputStream in = ComponentDocsTest.class.getResourceAsStream("/META-INF/io/thaw/camel/glacier/glacier.json")) {
            json = new ObjectMapper().readTree(in);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\n### Component options\n\n");
        table(sb, json.get("componentProperties"));
        sb.append("\n### Endpoint options\n\n");
        table(sb, json.get("properties"));
        sb.append("\n### Message headers\n\n| Header | Type | Description |\n|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = json.get("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            sb.append("| `").append(h.getKey()).append("` | ").append(h.getValue().path("javaType").asText()
                    .replace("java.lang.", "")).append(" | ").append(cell(h.getValue().path("description").asText()))
                    .append(" |\n");
        }
        sb.append('\n');
        return sb.toString();
    }

    private static void table(StringBuilder sb, JsonNode props) {
        sb.append("| Name | Group | Default | Description |\n|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode v = p.getValue();
            String flags = (v.path("required").asBoolean() ? " *Required.*" : "")
                    + (v.path("secret").asBoolean() ? " *Secret.*" : "")
                    + (v.path("autowired").asBoolean() ? " *Autowired.*" : "")
                    + (v.has("enum") ? " One of: " + join(v.get("enum")) + "." : "");
            sb.append("| `").append(p.getKey()).append("` | ").append(v.path("group").asText()).append(" | ")
                    .append(v.has("defaultValue") ? "`" + v.get("defaultValue").asText() + "`" : "")
                    .append(" | ").append(cell(v.path("description").asText())).append(flags).append(" |\n");
        }
    }

    private static String join(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        arr.forEach(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n.asText()));
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
    }

}
