package io.thaw.camel.glacier.kamelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each shipped Kamelet against the Kamelet format and against the component it templates (glacier.json,
 * which Camel's tooling writes from the @UriParam annotations): a property the template uses is declared, a
 * declared one is used, each glacier: parameter is an option of the endpoint with a matching type, and the
 * component's secret options are marked as credentials. These mistakes otherwise show up only when a user
 * runs the Kamelet with that property.
 */
class KameletDefinitionsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)(?::[^}]*)?}}");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kamelet(String name) throws IOException {
        try (InputStream in = KameletDefinitionsTest.class.getResourceAsStream("/kamelets/" + name + ".kamelet.yaml")) {
            assertNotNull(in, "kamelets/" + name + ".kamelet.yaml on the class path, where camel-kamelet looks");
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
    }

    private static JsonNode endpointOptions() throws IOException {
        try (InputStream in = KameletDefinitionsTest.class.getResourceAsStream("/META-INF/io/thaw/camel/glacier/glacier.json")) {
            assertNotNull(in, "the component's generated glacier.json");
            return new ObjectMapper().readTree(in).get("properties");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String key : path) {
            assertTrue(n instanceof Map, "a map above " + key);
            n = ((Map<String, Object>) n).get(key);
            assertNotNull(n, "missing " + String.join(".", path));
        }
        return (T) n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"glacier-archive-source", "glacier-retrieval-sink"})
    void kameletMatchesTheFormatAndTheComponent(String name) throws IOException {
        Map<String, Object> k = kamelet(name);
        assertEquals("Kamelet", k.get("kind"));
        assertEquals(name, at(k, "metadata", "name"));
        String type = at(k, "metadata", "labels", "camel.apache.org/kamelet.type");
        assertTrue(name.endsWith("-" + type), name + " is a " + type);

        Map<String, Map<String, Object>> properties = at(k, "spec", "definition", "properties");
        List<String> required = at(k, "spec", "definition", "required");
        assertTrue(properties.keySet().containsAll(required), "required " + required + " are declared");
        assertFalse(((String) at(k, "spec", "definition", "title")).isBlank());
        assertFalse(((String) at(k, "spec", "definition", "description")).isBlank());
        List<String> dependencies = at(k, "spec", "dependencies");
        assertTrue(dependencies.stream().anyMatch(d -> d.startsWith("mvn:io.thaw:camel-glacier:")), dependencies.toString());

        Object template = at(k, "spec", "template");
        Set<String> used = new TreeSet<>();
        List<Map<String, Object>> glacierEndpoints = new ArrayList<>();
        walk(template, used, glacierEndpoints);
        assertEquals(new TreeSet<>(properties.keySet()), used, "properties declared = properties the template uses");
        // ${body.trim()} and the like are the bean language, which only camel-bean provides: a Kamelet using it
        // fails to load in an application without camel-bean (camel-test-junit5 brings it, so tests don't see it)
        Pattern methodCall = Pattern.compile("\\$\\{[^}]*[\\w)]\\.\\w+\\(");
        if (methodCall.matcher(String.valueOf(template)).find()) {
            assertTrue(dependencies.contains("camel:bean"), name + " calls methods in simple expressions, so it must"
                    + " list camel:bean in spec.dependencies (or use simple's own functions, e.g. ${trim()})");
        }
        String ends = type.equals("source") ? "kamelet:sink" : "kamelet:source";
        assertTrue(template.toString().contains(ends), "a " + type + " template uses " + ends);

        JsonNode options = endpointOptions();
        assertFalse(glacierEndpoints.isEmpty(), "the template has a glacier: endpoint");
        for (Map<String, Object> endpoint : glacierEndpoints) {
            Map<String, Object> parameters = at(endpoint, "parameters");
            for (Map.Entry<String, Object> p : parameters.entrySet()) {
                JsonNode option = options.get(p.getKey());
                assertNotNull(option, name + ": glacier: has no option " + p.getKey());
                Matcher m = PLACEHOLDER.matcher(String.valueOf(p.getValue()));
                if (m.matches() && properties.containsKey(m.group(1))) {
                    Map<String, Object> property = properties.get(m.group(1));
                    String optionType = option.get("type").asText();
                    // the catalog's enum and duration options are JSON-schema strings (an enum with its values)
                    assertEquals(optionType.equals("enum") || optionType.equals("duration") ? "string" : optionType,
                            property.get("type"), name + ": type of property " + m.group(1) + " (option " + p.getKey() + ")");
                    if (optionType.equals("enum")) {
                        List<String> values = new ArrayList<>();
                        option.get("enum").forEach(v -> values.add(v.asText()));
                        assertEquals(values, property.get("enum"), name + ": values of property " + m.group(1));
                    }
                    if (option.get("secret").asBoolean()) {
                        assertEquals("password", property.get("format"), name + ": " + m.group(1) + " is a secret");
                        assertEquals(List.of("urn:camel:group:credentials"), property.get("x-descriptors"),
                                name + ": " + m.group(1) + " is in the credentials group");
                    }
                }
            }
        }
    }

    /** Collects the properties every placeholder names, and each glacier: endpoint (uri + parameters). */
    @SuppressWarnings("unchecked")
    private static void walk(Object node, Set<String> used, List<Map<String, Object>> glacierEndpoints) {
        if (node instanceof Map<?, ?> map) {
            Object uri = map.get("uri");
            if (uri instanceof String s && s.startsWith("glacier:") && map.get("parameters") instanceof Map) {
                glacierEndpoints.add((Map<String, Object>) map);
            }
            map.values().forEach(v -> walk(v, used, glacierEndpoints));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walk(v, used, glacierEndpoints));
        } else if (node instanceof String s) {
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
    }
}
