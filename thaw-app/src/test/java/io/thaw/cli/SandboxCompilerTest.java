package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The standalone sandbox's compiler directive is one the JVM accepts and applies: in a JVM of its own (a
 * directive would change this test JVM's compilation), C2 is then excluded for all but the JDK.
 */
class SandboxCompilerTest {

    @Test
    void theJvmTakesTheDirectiveAndKeepsC2ForTheJdkAlone() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("lighten: null\n"), out);
        int jdk = out.indexOf("matching: com/sun/*.*, sun/*.*, jdk/*.*, javax/*.*, java/*.*");
        int rest = out.indexOf("matching: *.*");
        assertTrue(jdk > 0 && rest > jdk, "the JDK's entry comes first: " + out);
        String restC2 = out.substring(out.indexOf("c2 directives:", rest));
        assertTrue(restC2.contains("Enable:true Exclude:true"), "C2 excluded for the rest: " + out);
        String jdkC2 = out.substring(out.indexOf("c2 directives:", jdk), rest);
        assertTrue(jdkC2.contains("Enable:true Exclude:false"), "C2 kept for the JDK: " + out);
    }

    /** Applies the directive, then prints the JVM's directive stack. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            System.out.println("lighten: " + SandboxCompiler.lighten());
            System.out.println(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {null}, new String[] {String[].class.getName()}));
        }
    }
}
