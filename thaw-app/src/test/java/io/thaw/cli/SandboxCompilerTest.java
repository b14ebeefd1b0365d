package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * {@code thaw sandbox} compiles only its byte and character loops with C2: in a JVM of its own (a directive would change this test
 * JVM's compilation), the command is run and the JVM's directive stack read once the sandbox has started;
 * when it stops it prints the requests it served.
 */
class SandboxCompilerTest {

    @Test
    void theSandboxCommandKeepsC2ForTheByteAndCharacterLoopsAlone() throws Exception {
        String out = sandboxJvm();
        assertTrue(out.contains("thaw sandbox: endpoint "), out);
        int kept = out.indexOf("sun/security/provider/*.*");
        int rest = out.indexOf("matching: *.*");
        assertTrue(kept > 0 && rest > kept, "the entry that keeps C2 comes first: " + out);
        String keptLine = out.substring(out.lastIndexOf("matching:", kept), out.indexOf('\n', kept));
        for (String p : java.util.List.of("java/io/*.*", "sun/nio/ch/*.*", "io/thaw/glacier/TreeHash*.*",
                "org/elasticmq/Limits*.*")) {
            assertTrue(keptLine.contains(p), p + " keeps C2: " + out);
        }
        assertFalse(keptLine.contains("java/*.*") || keptLine.contains("com/sun/*.*"), "not the whole JDK: " + out);
        String keptC2 = out.substring(out.indexOf("c2 directives:", kept), rest);
        assertTrue(keptC2.contains("Enable:true Exclude:false"), "C2 kept for the loops: " + out);
        String restC2 = out.substring(out.indexOf("c2 directives:", rest));
        assertTrue(restC2.contains("Enable:true Exclude:true"), "C2 excluded for the rest: " + out);
    }

    @Test
    void fullJitLeavesTheJvmsCompilationAlone() throws Exception {
        String out = sandboxJvm("--full-jit");
        assertTrue(out.contains("thaw sandbox: endpoint "), out);
        assertFalse(out.contains("Exclude:true"), "no compiler excluded: " + out);
        assertTrue(out.contains("thaw sandbox: requests {"), "the requests it served, printed as it stops: "
                + out);
    }

    private static String sandboxJvm(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /**
     * Runs {@code thaw sandbox --port 0 ARGS}, waits for its endpoint line, prints it and the directive stack,
     * and stops it.
     */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            PrintStream stdout = System.out;
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            System.setOut(new PrintStream(said, true, StandardCharsets.UTF_8));
            List<String> command = new ArrayList<>(List.of("sandbox", "--port", "0"));
            command.addAll(List.of(args));
            Thread sandbox = new Thread(() -> io.thaw.Thaw.execute(command.toArray(String[]::new)), "sandbox");
            sandbox.setDaemon(true);
            sandbox.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!said.toString(StandardCharsets.UTF_8).contains("thaw sandbox: endpoint ") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stdout.println(said.toString(StandardCharsets.UTF_8));
            stdout.println(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {null}, new String[] {String[].class.getName()}));
            // the command's shutdown hook stops the sandbox and prints what it served, to the real stdout
            stdout.flush();
            System.setOut(stdout);
            System.exit(0);
        }
    }
}
