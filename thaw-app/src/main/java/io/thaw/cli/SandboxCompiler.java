package io.thaw.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The standalone sandbox stands in for AWS, usually on the machine whose cores thaw itself uses. Its code
 * (ElasticMQ, Pekko, Scala, the SDK, the JDK's HTTP server and client, collections) runs once per request, and
 * the JVM's optimising compiler (C2) spent about a third of the sandbox's CPU compiling it during a
 * 10,000-archive run. So the sandbox asks its own JVM (as {@code jcmd PID Compiler.directives_add} does) to
 * compile with C2 only where bytes and characters are looped over — SHA-256 and the tree hashes, byte copies
 * (java.io, java.nio, the socket and file channels), the job output it serves, and ElasticMQ's check of every
 * character of a message body (a tenth of the sandbox's CPU on C1) — and everything else with C1 alone.
 * Before session 19 the whole JDK kept C2: the sandbox then used about a fifth more CPU in such a run, and a
 * 1 GiB upload and download took the same time either way.
 */
final class SandboxCompiler {

    /** The byte and character loops keep C2; all else is compiled with C1 (a directive entry needs a c2 option to be used). */
    static final String DIRECTIVE = "[\n"
            + "  { match: [\"sun/security/provider/*.*\", \"java/security/MessageDigest*.*\", \"sun/nio/ch/*.*\",\n"
            + "            \"java/io/*.*\", \"java/nio/*.*\", \"jdk/internal/misc/*.*\", \"io/thaw/glacier/TreeHash*.*\",\n"
            + "            \"io/thaw/sandbox/LeafHashes*.*\", \"io/thaw/sandbox/JobOutput*.*\",\n"
            + "            \"org/elasticmq/Limits*.*\", \"org/elasticmq/RangeLimit*.*\"],\n"
            + "    c2: { Exclude: false } },\n"
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
