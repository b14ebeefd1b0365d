package io.thaw.deliver.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system command (useradd, openssl, mount, ssh-keygen) and fails with its output when it fails. */
final class Commands {

    private Commands() {
    }

    static String run(String... command) throws IOException {
        return withInput(null, command);
    }

    /** @param input written to the command's standard input, or null */
    static String withInput(String input, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", List.of(command)) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return out;
    }

    /** The absolute path of a program from a Debian package, or a failure naming the package to install. */
    static String program(String path, String debianPackage) {
        if (!new java.io.File(path).canExecute()) {
            throw new IllegalStateException(path + " is missing — install Debian's " + debianPackage
                    + " (.ci/run does: apt-get install " + debianPackage + ")");
        }
        return path;
    }
}
