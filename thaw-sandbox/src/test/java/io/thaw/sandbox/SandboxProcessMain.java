package io.thaw.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A sandbox in a JVM of its own (the tests give it a small heap): {@code SandboxProcessMain <data dir> <job delays>}.
 * Prints the endpoint line `thaw sandbox` prints, and runs until killed.
 */
public final class SandboxProcessMain {

    private SandboxProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(Path.of(args[0]))
                .withJobDelays(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        System.out.println("thaw sandbox: endpoint " + sandbox.endpoint());
        new CountDownLatch(1).await();
    }
}
