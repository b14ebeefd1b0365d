package io.thaw.cli;

/**
 * Loads, on a second core, what building the first AWS SDK client loads one class at a time on the
 * main thread: the SDK's service metadata (a static table of every AWS service, some 310 classes, read
 * for the signing region even when thaw.aws.endpoint is set) and the JDK's default TLS context (the CA
 * certificates of the trust store, which the Apache HTTP client's socket factory reads). Started
 * before the configuration is read, it overlaps the main thread's work instead of adding to it: a few
 * hundred milliseconds of {@code thaw fetch}'s start-up to first byte. Whatever it fails to load the
 * main thread loads itself, and reports, as it would have without it.
 */
final class SdkWarmUp {

    private SdkWarmUp() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            try {
                software.amazon.awssdk.regions.ServiceMetadata.of("glacier");
                javax.net.ssl.SSLContext.getDefault();
            } catch (Exception | LinkageError ignored) {
                // a warm-up only: the real client build meets (and reports) the same problem
            }
        }, "thaw-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
