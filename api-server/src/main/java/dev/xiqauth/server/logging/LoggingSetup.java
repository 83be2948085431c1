package dev.xiqauth.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logging once the settings are known: Logback reloads {@code logback.xml} with the
 * chosen level and format, and java.util.logging (which Jersey and Grizzly use) is routed into SLF4J.
 */
public final class LoggingSetup {
    /** The Logback properties {@code logback.xml} reads. */
    static final String LEVEL_PROPERTY = "XIQ_AUTH_LOG_LEVEL";
    static final String FORMAT_PROPERTY = "XIQ_AUTH_LOG_FORMAT";
    static final String REQUEST_LOG_PROPERTY = "XIQ_AUTH_REQUEST_LOG_LEVEL";

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
     * @throws IllegalStateException if Logback is not the SLF4J binding or its configuration is broken
     */
    public static void apply(String level, LogFormat format, RequestLog requests) {
        routeJavaUtilLogging();
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("Logback is not the SLF4J binding: " + factory.getClass().getName());
        }
        URL configuration = LoggingSetup.class.getResource("/logback.xml");
        context.reset();
        context.putProperty(LEVEL_PROPERTY, level);
        context.putProperty(FORMAT_PROPERTY, format.name());
        context.putProperty(REQUEST_LOG_PROPERTY, requests.accessLoggerLevel());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
        }
    }
}
