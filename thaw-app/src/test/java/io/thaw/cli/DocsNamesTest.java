package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.thaw.Thaw;
import io.thaw.config.Catalog;
import io.thaw.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps README.md and docs/*.md honest about names: every {@code thaw.<key>} they mention is declared in the
 * settings model ({@link Catalog}), and every command line they show ({@code thaw <command>},
 * {@code bin/thaw <command>}, {@code java -jar target/thaw.jar <command>}) names a subcommand of
 * {@link Thaw} and only options that subcommand has; and README.md's route table lists every route of
 * routes/*.camel.yaml by id with the route's own one-line description.
 *
 * <p>Keys are checked anywhere in the text. A key written as a pattern ({@code thaw.destinations.<name>},
 * {@code thaw.rates.*}) must match at least one declared key or family member. The one deliberate
 * exception is a misspelt key in an example of thaw's "did you mean" message (followed by those words).
 * Command lines are checked only in code (fenced or indented blocks and inline code spans), where prose such
 * as "thaw fills the gap" cannot be mistaken for a command.
 */
class DocsNamesTest {

    /** {@code thaw.a.b}, also {@code -Dthaw.a.b}; not {@code io.thaw.x}, {@code target/thaw.jar}, {@code my-thaw.x}. */
    private static final Pattern KEY = Pattern.compile(
            "(?:(?<=-D)|(?<![A-Za-z0-9_./$-]))thaw(?:\\.[A-Za-z0-9<>*_-]+)+");
    /** File names that look like keys. */
    private static final Set<String> FILES = Set.of("thaw.jar", "thaw.aot", "thaw.jsa", "thaw.properties",
            "thaw.properties.example", "thaw.md");
    /** A command line: the launcher or the jar, then a subcommand word (not "thaw ready:", a log line). */
    private static final Pattern COMMAND = Pattern.compile(
            "(?:^|(?<=[\\s(;&|]))(?:java(?:\\s+-\\S+)*\\s+-jar\\s+\\S*thaw\\.jar|\\S*bin/thaw|thaw)"
                    + "\\s+([a-z][a-z-]*)(?![A-Za-z0-9:_-])");
    /** Where a command line's own options end: a pipe, a redirection, another command, a comment. */
    private static final Pattern END = Pattern.compile("&&|\\|\\||[|;>]|(?:^|\\s)#");
    private static final Pattern OPTION = Pattern.compile("(?<![A-Za-z0-9-])--[a-z][a-z0-9-]*");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");
    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");

    @Test
    void everyThawKeyInTheDocsIsDeclaredInTheSettingsModel() {
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Path file : docs()) {
            String text = read(file);
            for (Finding f : keys(text)) {
                checked++;
                if (!declared(f.name)) {
                    unknown.add(where(file, f) + ": " + f.name);
                }
            }
        }
        if (!unknown.isEmpty()) {
            fail(unknown.size() + " thaw.* name(s) in the docs are not keys of io.thaw.config.Catalog (fix the docs, or"
                    + " declare the key):\n  " + String.join("\n  ", unknown));
        }
        assertTrue(checked > 100, "the docs name only " + checked + " thaw.* keys: is the scanner broken?");
    }

    @Test
    void everyCommandLineInTheDocsNamesASubcommandAndItsOptions() {
        Map<String, CommandLine> commands = Thaw.commandLine().getSubcommands();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path file : docs()) {
            for (Finding f : commandLines(read(file))) {
                checked++;
                String problem = problem(commands, f);
                if (problem != null) {
                    wrong.add(where(file, f) + ": " + problem + "  [" + f.context.strip() + "]");
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " command line(s) in the docs do not match `thaw --help` (subcommands "
                    + new TreeSet<>(commands.keySet()) + "):\n  " + String.join("\n  ", wrong));
        }
        assertTrue(checked > 30, "the docs show only " + checked + " thaw command lines: is the scanner broken?");
    }

    /** The README's route table lists every route of routes/*.camel.yaml by id, with its own description. */
    @Test
    void theReadmeListsEveryRouteWithItsDescription() throws IOException {
        List<String> readme = Files.readAllLines(root().resolve("README.md"));
        List<String> missing = new ArrayList<>();
        int routes = 0;
        for (Path yaml : routeFiles()) {
            List<String> lines = Files.readAllLines(yaml);
            for (int i = 0; i + 2 < lines.size(); i++) {
                Matcher id = Pattern.compile("^\\s+id:\\s*(\\S+)").matcher(lines.get(i + 1));
                Matcher description = Pattern.compile("^\\s+description:\\s*\"?(.*?)\"?\\s*$").matcher(lines.get(i + 2));
                if (lines.get(i).strip().equals("- route:") && id.find() && description.find()) {
                    routes++;
                    String cell = "| `" + id.group(1) + "` | " + description.group(1) + " |";
                    if (readme.stream().noneMatch(l -> l.contains(cell))) {
                        missing.add(root().relativize(yaml) + ": " + cell);
                    }
                }
            }
        }
        assertTrue(routes >= 10, "found only " + routes + " routes in " + routeFiles());
        assertTrue(missing.isEmpty(), "README.md's route table lacks (or words differently) these routes:\n  "
                + String.join("\n  ", missing));
    }

    /** The scanners see what they must: a wrong key, a wrong subcommand, a wrong option; and not prose. */
    @Test
    void theScannersCatchWrongNames() {
        String doc = """
                Set `thaw.notices.queue-urll` and thaw.destinations.backup.pasword; thaw.destinations.backup.password,
                `thaw.rates.<tier>.per-gb`, `thaw.inventory.*`, -Dthaw.aws.region=x, target/thaw.jar and io.thaw.cli are fine.
                Prose: thaw fetches the output. Log line: `thaw ready: 8 routes`.

                    java -jar target/thaw.jar fetchh --vault V
                    bin/thaw retire --vault V --confirmm   # --not-an-option in a comment
                    thaw status --json | jq .
                """;
        List<String> unknownKeys = keys(doc).stream().map(f -> f.name).filter(k -> !declared(k)).toList();
        assertEquals(List.of("thaw.notices.queue-urll", "thaw.destinations.backup.pasword"), unknownKeys);

        Map<String, CommandLine> commands = Thaw.commandLine().getSubcommands();
        List<String> problems = commandLines(doc).stream().map(f -> problem(commands, f)).filter(p -> p != null).toList();
        assertEquals(List.of("unknown command 'thaw fetchh'", "'thaw retire' has no option --confirmm"), problems);
    }

    // ---- the scanners

    /** One name found in a file, at a line. */
    private record Finding(String name, List<String> options, int line, String context) {
    }

    private static List<Finding> keys(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            String name = m.group();
            if (FILES.contains(name)) {
                continue;
            }
            String after = text.substring(m.end(), Math.min(text.length(), m.end() + 150));
            if (!declared(name) && after.contains("did you mean")) {
                continue; // the misspelt key of a "did you mean" example
            }
            found.add(new Finding(name, List.of(), lineOf(text, m.start()), ""));
        }
        return found;
    }

    /** True when the model declares the key, or, for a pattern, declares a key it matches. */
    private static boolean declared(String name) {
        if (!name.contains("<") && !name.contains("*")) {
            return Catalog.find(name).isPresent();
        }
        StringBuilder regex = new StringBuilder();
        for (String part : name.split("(?=<)|(?<=>)|(?=\\*)|(?<=\\*)")) {
            regex.append(part.startsWith("<") ? ".+" : part.equals("*") ? ".*" : Pattern.quote(part));
        }
        Pattern pattern = Pattern.compile(regex.toString());
        return Catalog.all().stream().map(Setting::key).anyMatch(k -> pattern.matcher(k).matches());
    }

    /** The command lines in code: block lines as they are, inline spans joined onto one line. */
    private static List<Finding> commandLines(String text) {
        List<Finding> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder prose = new StringBuilder(); // the text outside blocks, blocks blanked, line count kept
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean fence = FENCE.matcher(line).find();
            boolean indented = !fenced && (line.startsWith("    ") || line.startsWith("\t"))
                    && (i == 0 || lines[i - 1].isBlank() || lines[i - 1].startsWith("    ") || lines[i - 1].startsWith("\t"));
            if (fenced || indented) {
                scan(line, i + 1, found);
            }
            if (fence) {
                fenced = !fenced;
            }
            prose.append(fenced || fence || indented ? "" : line).append('\n');
        }
        String rest = prose.toString();
        Matcher span = SPAN.matcher(rest);
        while (span.find()) {
            if (!span.group(1).contains("\n\n")) {
                scan(span.group(1).replace('\n', ' '), lineOf(rest, span.start()), found);
            }
        }
        return found;
    }

    private static void scan(String line0, int line, List<Finding> found) {
        String code = line0.replaceFirst("(?:^|\\s)#.*", ""); // a shell comment is prose
        Matcher m = COMMAND.matcher(code);
        while (m.find()) {
            String tail = code.substring(m.end());
            Matcher end = END.matcher(tail);
            String own = end.find() ? tail.substring(0, end.start()) : tail;
            List<String> options = new ArrayList<>();
            Matcher o = OPTION.matcher(own);
            while (o.find()) {
                options.add(o.group());
            }
            found.add(new Finding(m.group(1), options, line, line0));
        }
    }

    /** What is wrong with a command line, or null. */
    private static String problem(Map<String, CommandLine> commands, Finding f) {
        CommandLine command = commands.get(f.name);
        if (command == null) {
            return "unknown command 'thaw " + f.name + "'";
        }
        Set<String> known = command.getCommandSpec().optionsMap().keySet();
        List<String> unknown = f.options.stream().filter(o -> !known.contains(o)).toList();
        return unknown.isEmpty() ? null : "'thaw " + f.name + "' has no option " + String.join(", ", unknown);
    }

    // ---- files

    /** README.md and docs/*.md of the repository root. */
    private static List<Path> docs() {
        Path root = root();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            pages.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The built-in routes: routes/*.camel.yaml under src/main/resources of the root or of a module. */
    private static List<Path> routeFiles() {
        try (Stream<Path> files = Files.find(root(), 6, (p, a) -> p.getFileName().toString().endsWith(".camel.yaml")
                && p.getParent().endsWith(Path.of("src", "main", "resources", "routes")))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the nearest folder up from the working folder holding README.md and docs/. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no folder with README.md and docs/ above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(Path file, Finding f) {
        return root().relativize(file) + ":" + f.line;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
