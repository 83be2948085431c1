package dev.xiqauth.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's Logback configuration, in code (found by Logback through {@code META-INF/services}):
 * one console appender, plain or JSON lines, the root level, and the levels of the loggers that need
 * their own. An XML configuration cost a quarter of a second of every start, most of it parsing XML; this
 * costs none of that. Whoever names a file of their own with {@code -Dlogback.configurationFile} gets it,
 * as Logback's documentation promises, and the server's settings then leave it alone.
 *
 * <p>Before the settings are read (the first lines of a start), the level, format and request log come
 * from {@code XIQ_AUTH_LOG_LEVEL}, {@code XIQ_AUTH_LOG_FORMAT} and {@code XIQ_AUTH_REQUEST_LOG}, or their
 * defaults; {@link LoggingSetup#apply} then configures it anew from the settings.
 */
public final class ServerLogConfigurator extends ContextAwareBase implements Configurator {
    /** Logback's own property naming a configuration file. */
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
    private static final String PLAIN_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    /** Logback needs a public constructor without parameters. */
    public ServerLogConfigurator() {
        // Logback sets the context before it calls configure.
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (ownFileNamed()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        RequestLog requests = fromEnvironment("XIQ_AUTH_REQUEST_LOG").map(name -> RequestLog.valueOf(name.toLowerCase(
                Locale.ROOT))).orElse(RequestLog.errors);
        LogFormat format = fromEnvironment("XIQ_AUTH_LOG_FORMAT").map(name -> LogFormat.valueOf(name.toLowerCase(
                Locale.ROOT))).orElse(LogFormat.plain);
        configure(context, fromEnvironment("XIQ_AUTH_LOG_LEVEL").orElse("INFO"), format, requests,
                LogTarget.STANDARD_OUTPUT);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** @return whether the operator named a Logback file of their own, which then configures everything */
    static boolean ownFileNamed() {
        return System.getProperty(CONFIGURATION_FILE_PROPERTY) != null;
    }

    /**
     * Configures a context that holds no configuration yet.
     *
     * @param level the root level; an unknown name is {@code DEBUG}, Logback's rule
     * @param format plain or JSON lines
     * @param requests which requests the request log records
     */
    static void configure(LoggerContext context, String level, LogFormat format, RequestLog requests) {
        configure(context, level, format, requests, LogTarget.STANDARD_OUTPUT);
    }

    /**
     * Configures a context that holds no configuration yet.
     *
     * @param level the root level; an unknown name is {@code DEBUG}, Logback's rule
     * @param format plain or JSON lines
     * @param requests which requests the request log records
     * @param target the stream the lines go to
     */
    static void configure(LoggerContext context, String level, LogFormat format, RequestLog requests,
            LogTarget target) {
        // Jersey logs through java.util.logging: the propagator keeps its levels in step, so that
        // the bridge is not asked for records no logger would write.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(target == LogTarget.STANDARD_ERROR ? "System.err" : "System.out");
        console.setEncoder(encoder(context, format));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.DEBUG));
        root.addAppender(console);
        context.getLogger("org.glassfish").setLevel(Level.WARN);
        // Jetty logs its start, stop and every connector at INFO, and a client's broken connection at DEBUG.
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // Its parser warns of what a client sent (two Host headers...): a client must not write the server's WARN
        // lines at will, and the refusal is logged with its error_id already.
        context.getLogger("org.eclipse.jetty.http.HttpParser").setLevel(Level.ERROR);
        // Jersey warns, wrongly, that every resource registered as an instance is a useless provider
        // (eclipse-ee4j/jersey#3700); its real configuration errors are logged at ERROR.
        context.getLogger("org.glassfish.jersey.internal.inject.Providers").setLevel(Level.ERROR);
        context.getLogger("xiq.access").setLevel(Level.toLevel(requests.accessLoggerLevel()));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.json) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder plain = new PatternLayoutEncoder();
        plain.setContext(context);
        plain.setPattern(PLAIN_PATTERN);
        plain.start();
        return plain;
    }

    private static Optional<String> fromEnvironment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
