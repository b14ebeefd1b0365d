package io.thaw.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * thaw's logging set up in code rather than in a logback.xml: parsing XML (Joran, the JDK's SAX parser,
 * some 500 classes) cost about a third of a second of every command's start-up, {@code thaw fetch}'s time
 * to first byte included. One readable line per event, {@code %msg} with terminal escapes removed
 * ({@link SafeMessageConverter}); thaw never logs credentials. THAW_LOG_LEVEL=DEBUG for more.
 *
 * <p>A logback file still wins when one is given: {@code -Dlogback.configurationFile=...}, or a
 * logback-test.xml on the class path (the tests').
 */
public final class ThawLogConfigurator extends ContextAwareBase implements Configurator {

    /** Loggers quieter than the root's INFO: their INFO lines say nothing a thaw user acts on. */
    private static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("org.apache.camel", Level.INFO),
            Map.entry("org.apache.camel.main", Level.WARN),
            Map.entry("org.apache.camel.impl.engine", Level.WARN),
            // its summary shows http://0.0.0.0:port whatever camel.management.host is; thaw logs the real address
            Map.entry("org.apache.camel.component.platform.http.main.MainHttpServerUtil", Level.WARN),
            Map.entry("org.apache.pekko", Level.WARN),
            Map.entry("org.elasticmq", Level.WARN),
            Map.entry("software.amazon.awssdk", Level.WARN),
            Map.entry("com.zaxxer.hikari", Level.WARN),
            Map.entry("org.apache.ftpserver", Level.WARN),
            Map.entry("org.apache.sshd", Level.WARN),
            Map.entry("org.gaul", Level.WARN));

    @Override
    public ExecutionStatus configure(LoggerContext lc) {
        if (System.getProperty("logback.configurationFile") != null
                || ThawLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(lc);
        layout.getInstanceConverterMap().put("msg", SafeMessageConverter::new);
        layout.setPattern("%d{HH:mm:ss.SSS} %-5level [%logger{0}] %msg%n");
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(lc);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(lc);
        out.setName("OUT");
        out.setEncoder(encoder);
        out.start();
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(out);
        LEVELS.forEach((name, level) -> lc.getLogger(name).setLevel(level));
        String thaw = System.getenv("THAW_LOG_LEVEL");
        lc.getLogger("io.thaw").setLevel(Level.toLevel(thaw == null || thaw.isBlank() ? "INFO" : thaw.trim(), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
