package io.thaw.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * Loads, on a second core, what {@code thaw fetch} would otherwise load one class at a time on its
 * critical path, while the main thread parses the command line and reads the configuration:
 * <ol>
 *   <li>logging (first, so nothing else logs while SLF4J initializes — it would replay such lines with a
 *       warning on the console); the main thread waits for it in {@link #awaitLogging()};</li>
 *   <li>Jackson's parser, which reads DescribeJob's answer, and the JDK's HTTP client, which sends it
 *       (both on the main thread's path in a few tenths of a second);</li>
 *   <li>the H2 engine, by opening and querying a private in-memory database: opening the job store
 *       cold (~600 classes loaded, verified and interpreted) took ~0.5 s, and the first ranged request
 *       waits for the store, where the job is claimed. (Opening the store itself this early, from the
 *       raw arguments' --config files, was slower: it competed with picocli for the two cores.)</li>
 * </ol>
 * {@link #tls()} loads the JDK's default TLS context (the trust store's CA certificates), which the
 * first HTTPS request reads, once the configuration says the endpoint is HTTPS.
 * Nothing leaves the process. Whatever it fails to load the main thread loads itself, and reports, as
 * it would have without it.
 */
public final class FetchWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch LOGGING = new CountDownLatch(1);

    private FetchWarmUp() {
    }

    /** Starts the warm-up once per JVM (main starts it as early as it can; the command again, in tests). */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                LoggerFactory.getILoggerFactory();
            } finally {
                LOGGING.countDown();
            }
            try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory()
                    .createParser("{\"Completed\":true,\"ArchiveSizeInBytes\":1}")) {
                while (p.nextToken() != null) {
                    p.getValueAsString();
                }
            } catch (Exception | LinkageError ignored) {
                // a warm-up only
            }
            try {
                // the JDK's HTTP client and its static set-up (handler, logger, proxy selector): not connected
                new java.net.URL("http://127.0.0.1/").openConnection();
            } catch (Exception | LinkageError ignored) {
                // a warm-up only
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:");
                 java.sql.Statement st = c.createStatement()) {
                st.execute("create table warm_up (id varchar(10) primary key, n bigint)");
                st.execute("insert into warm_up values ('a', 1)");
                try (java.sql.ResultSet rs = st.executeQuery("select n from warm_up where id = 'a'")) {
                    rs.next();
                }
            } catch (Exception | LinkageError ignored) {
                // a warm-up only
            }
        }, "thaw-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Loads the default TLS context on another thread while the main thread prepares the first request. */
    static void tls() {
        Thread t = new Thread(() -> {
            try {
                javax.net.ssl.SSLContext.getDefault();
            } catch (Exception | LinkageError ignored) {
                // a warm-up only: the first request meets (and reports) the same problem
            }
        }, "thaw-warm-up-tls");
        t.setDaemon(true);
        t.start();
    }

    /** Waits (briefly) until logging is initialized, before the main thread does anything that logs. */
    static void awaitLogging() {
        try {
            LOGGING.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
