package dev.xiqauth.server.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logging once the settings are known: Logback is configured anew with the chosen level,
 * format and request log ({@link ServerLogConfigurator}), and java.util.logging (which Jersey
 * uses) is routed into SLF4J. A Logback file named with {@code -Dlogback.configurationFile} is
 * left as it is.
 */
public final class LoggingSetup {
    private LoggingSetup() {
    }

    /** Routes java.util.logging into SLF4J, replacing its console handler. */
    public static void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /**
     * @param level the root level: TRACE, DEBUG, INFO, WARN, ERROR or OFF
     * @param format plain lines or JSON lines
     * @param requests which requests the request log records
     * @throws IllegalStateException if Logback is not the SLF4J binding
     */
    public static void apply(String level, LogFormat format, RequestLog requests) {
        apply(level, format, requests, LogTarget.STANDARD_OUTPUT);
    }

    /**
     * For an admin command, whose standard output carries its result alone, for scripts to read: its log
     * lines go to standard error.
     *
     * @param level the root level: TRACE, DEBUG, INFO, WARN, ERROR or OFF
     * @param format plain lines or JSON lines
     */
    public static void applyToStandardError(String level, LogFormat format) {
        apply(level, format, RequestLog.off, LogTarget.STANDARD_ERROR);
    }

    private static void apply(String level, LogFormat format, RequestLog requests, LogTarget target) {
        routeJavaUtilLogging();
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("Logback is not the SLF4J binding: " + factory.getClass().getName());
        }
        if (ServerLogConfigurator.ownFileNamed()) {
            return;
        }
        context.reset();
        ServerLogConfigurator.configure(context, level, format, requests, target);
    }
}
