package io.thaw.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The standalone sandbox stands in for AWS, usually on the machine whose cores thaw itself uses. Its library
 * code (ElasticMQ, Pekko, Scala, the SDK) runs once per request, and the JVM's optimising compiler (C2) spent
 * about a third of the sandbox's CPU compiling it during a 10,000-archive run. So the sandbox asks its own JVM
 * (as {@code jcmd PID Compiler.directives_add} does) to compile only the JDK with C2 — byte copies, hashing and
 * the HTTP server stay fully optimised — and everything else with C1 alone.
 */
final class SandboxCompiler {

    /** The JDK keeps C2; all else is compiled with C1 (a directive entry needs a c2 option to be used). */
    static final String DIRECTIVE = "[\n"
            + "  { match: [\"java/*.*\", \"javax/*.*\", \"jdk/*.*\", \"sun/*.*\", \"com/sun/*.*\"], c2: { Exclude: false } },\n"
            + "  { match: \"*.*\", c2: { Exclude: true } }\n"
            + "]\n";

    private SandboxCompiler() {
    }

    /** Adds {@link #DIRECTIVE} to this JVM; the reason it could not, or null. */
    static String lighten() {
        Path file = null;
        try {
            file = Files.createTempFile("thaw-sandbox-compiler", ".json");
            Files.writeString(file, DIRECTIVE);
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            String said = String.valueOf(out).strip();
            return said.contains("directives added") ? null : said;
        } catch (Exception | LinkageError e) {
            return e.toString();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
