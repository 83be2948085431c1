package dev.xiqauth.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The server's logging configuration, built in code on a context of its own. */
final class ServerLogConfiguratorTest {
    private static LoggerContext configured(String level, LogFormat format, RequestLog requests) {
        LoggerContext context = new LoggerContext();
        ServerLogConfigurator.configure(context, level, format, requests);
        return context;
    }

    @Test
    void theRootLevelAndTheRequestLogFollowTheSettings() {
        LoggerContext errorsOnly = configured("WARN", LogFormat.plain, RequestLog.errors);
        LoggerContext everyRequest = configured("INFO", LogFormat.plain, RequestLog.all);
        LoggerContext none = configured("INFO", LogFormat.plain, RequestLog.off);

        assertThat(errorsOnly.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(errorsOnly.getLogger("xiq.access").isInfoEnabled()).as("errors are INFO lines").isTrue();
        assertThat(errorsOnly.getLogger("xiq.access").isDebugEnabled()).as("successes are DEBUG lines").isFalse();
        assertThat(everyRequest.getLogger("xiq.access").isDebugEnabled()).isTrue();
        assertThat(everyRequest.getLogger("dev.xiqauth").isDebugEnabled()).as("only the request log").isFalse();
        assertThat(none.getLogger("xiq.access").isInfoEnabled()).isFalse();
        assertThat(errorsOnly.getLogger("org.glassfish.jersey").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void plainAndJsonFormatsPickTheirEncoders() {
        ConsoleAppender<?> plain = (ConsoleAppender<?>) configured("INFO", LogFormat.plain, RequestLog.errors)
                .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        ConsoleAppender<?> json = (ConsoleAppender<?>) configured("INFO", LogFormat.json, RequestLog.errors)
                .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");

        assertThat(plain.isStarted()).isTrue();
        assertThat(plain.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(json.getEncoder()).isInstanceOf(JsonEncoder.class);
    }
}
