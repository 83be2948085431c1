package dev.xiqauth.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.ApplicationTest;
import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.user.UserDirectory;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an operator and a caller see of a failure: the caller a generic {@code XiqError} whose
 * {@code error_id} the operator finds in the log with the cause; neither sees a secret.
 */
final class ErrorLoggingTest extends ApplicationTest {
    private static final String INTERNAL_DETAIL = "jdbc:postgresql://db.internal:5432/users password=hunter2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ListAppender<ILoggingEvent> everything = new ListAppender<>();
    private final Logger errorLogger = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger jersey = (Logger) LoggerFactory.getLogger("org.glassfish");
    private Appender<ILoggingEvent> console;

    /** Fails for one username, as a store with a bug would. */
    private static UserDirectory brokenForOneUser() {
        UserDirectory delegate = TestServers.users();
        return (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findByUsername") && "trigger@example.com".equals(args[0])) {
                        throw new IllegalStateException(INTERNAL_DETAIL);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }


    @Override
    protected Application application(MutableClock testClock) {
        return TestServers.application(testClock, brokenForOneUser()).build()
                .resourceConfig();
    }

    @BeforeEach
    void captureLog() {
        log.start();
        errorLogger.addAppender(log);
        // Everything any logger writes, at any level, is captured instead of printed.
        console = root.getAppender("CONSOLE");
        root.detachAppender(console);
        everything.start();
        root.addAppender(everything);
        root.setLevel(Level.ALL);
        jersey.setLevel(Level.ALL);
    }

    @AfterEach
    void releaseLog() {
        errorLogger.detachAppender(log);
        root.detachAppender(everything);
        root.addAppender(console);
        root.setLevel(Level.WARN);
        jersey.setLevel(Level.WARN);
    }

    private JsonNode login(String username, String password, int expectedStatus) throws IOException {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        try (Response response = target("login").request().post(Entity.json(body))) {
            assertThat(response.getStatus()).isEqualTo(expectedStatus);
            assertThat(response.getMediaType().toString()).isEqualTo("application/json");
            return JSON.readTree(response.readEntity(String.class));
        }
    }

    private String logText() {
        return log.list.stream().map(event -> event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void unexpectedFailureIsA500ThatLeaksNothingAndWhoseIdIsLoggedWithTheCause() throws IOException {
        JsonNode error = login("trigger@example.com", "whatever", 500);

        assertThat(error.get("error_code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(error.toString()).doesNotContain("jdbc").doesNotContain("hunter2")
                .doesNotContain("IllegalStateException");
        String errorId = error.get("error_id").asText();
        ILoggingEvent logged = log.list.stream().filter(event -> event.getFormattedMessage().contains(errorId))
                .findFirst().orElseThrow(() -> new AssertionError("error_id " + errorId + " not logged"));
        assertThat(logged.getLevel()).isEqualTo(Level.ERROR);
        assertThat(logged.getThrowableProxy().getMessage()).isEqualTo(INTERNAL_DETAIL);
    }

    @Test
    void expectedFailureIsLoggedWithItsIdAndReason() throws IOException {
        String errorId = login(TestServers.USERNAME, "wrong password", 401).get("error_id").asText();

        assertThat(logText()).contains("error_id=" + errorId).contains("INVALID_CREDENTIALS")
                .contains("wrong password for user_id " + TestServers.USER_ID);
    }

    @Test
    void passwordsNeverReachTheLog() throws IOException {
        login(TestServers.USERNAME, "s3cret-attempt-one", 401);
        login("nobody@example.com", "s3cret-attempt-two", 401);
        login(TestServers.USERNAME, "s3cret-attempt-three\"}", 400);
        login(TestServers.USERNAME, TestServers.PASSWORD, 200);

        assertThat(log.list).isNotEmpty();
        assertThat(logText()).doesNotContain("s3cret-attempt").doesNotContain(TestServers.PASSWORD);
        String allLogs = everything.list.stream().map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.joining("\n"));
        assertThat(everything.list).as("every logger, at every level, was captured").isNotEmpty();
        assertThat(allLogs).doesNotContain("s3cret-attempt").doesNotContain(TestServers.PASSWORD);
    }
}
