package io.thaw.testing;

import io.thaw.ThawConfig;
import io.thaw.ThawMain;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/** One thaw's worth of routes — the Camel Main thaw runs — in a thread of this JVM. */
public final class ThawInstance {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final String name;
    private final ThawConfig config;
    private final Main main;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ProducerTemplate template;

    private ThawInstance(String name, ThawConfig config) {
        this.name = name;
        this.config = config;
        this.main = ThawMain.create(config, null);
        this.thread = new Thread(this::run, "thaw-instance-" + name);
    }

    /** Starts the routes on this configuration and returns once the Camel context has started. */
    static ThawInstance start(String name, ThawConfig config) throws InterruptedException {
        ThawInstance i = new ThawInstance(name, config);
        i.thread.start();
        long end = System.nanoTime() + STARTUP.toNanos();
        while (!i.started()) {
            if (i.failure.get() != null || !i.thread.isAlive()) {
                throw new IllegalStateException("thaw instance '" + name + "' did not start", i.failure.get());
            }
            if (System.nanoTime() > end) {
                i.stop();
                throw new IllegalStateException("thaw instance '" + name + "' not started after " + STARTUP);
            }
            Thread.sleep(20);
        }
        return i;
    }

    private void run() {
        try {
            main.run();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private boolean started() {
        CamelContext c = main.getCamelContext();
        return c != null && c.isStarted();
    }

    public String name() {
        return name;
    }

    /** The folder this instance reads request files from. */
    public java.nio.file.Path inbox() {
        return java.nio.file.Path.of(config.get("thaw.inbox"));
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public synchronized ProducerTemplate template() {
        if (template == null) {
            template = context().createProducerTemplate();
        }
        return template;
    }

    public <T> T bean(String beanName, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(beanName, type);
    }

    /** Stops the routes (as thaw stops on SIGTERM) and waits for the thread. */
    public void stop() throws InterruptedException {
        main.completed();
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("thaw instance '" + name + "' did not stop within 30 s");
        }
    }
}
