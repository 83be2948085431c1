package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.api.model.XiqError;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.glassfish.jersey.test.grizzly.GrizzlyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of tests of a real Jersey service on Grizzly, on a free port, guarded by {@link XiqTokenGuard} against
 * a {@link ScriptedAuthServer}, with a clock the test moves. A subclass may change the guard's settings.
 */
abstract class GuardedServiceTest extends JerseyTest {
    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofMillis(1_000);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Set in {@link #configure()}, which JerseyTest calls before this class's initializers run. */
    protected ScriptedAuthServer authServer;
    /** Set in {@link #configure()}. */
    protected MutableClock clock;
    /** Set in {@link #configure()}. */
    protected XiqTokenGuard guard;

    @Override
    protected final Application configure() {
        forceSet(TestProperties.CONTAINER_PORT, "0");
        try {
            authServer = new ScriptedAuthServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clock = new MutableClock(START);
        guard = guard(XiqTokenGuard.builder(authServer.uri()).credential(ScriptedAuthServer.SERVICE).timeout(TIMEOUT)
                .clock(clock)).build();
        return new ResourceConfig(GuardedResources.class, GuardedResources.Fleet.class, GuardedResources.Firmware.class,
                SecureChannelFilter.class).register(guard);
    }

    /**
     * @param settings the guard's settings for these tests: the scripted server (which has no changes' stream, as a
     *     server of before it: the guard asks on every request), a timeout of 1 s, the test clock
     * @return the settings to build the guard with
     */
    protected XiqTokenGuard.Builder guard(XiqTokenGuard.Builder settings) {
        return settings;
    }

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new GrizzlyTestContainerFactory();
    }

    @AfterEach
    void stopAuthServer() {
        guard.close();
        authServer.close();
    }

    /** @return the answer to {@code GET path} with {@code Authorization: Bearer token}, body buffered */
    protected final Response get(String path, String token) {
        Response response = target(path).request().header("Authorization", "Bearer " + token).get();
        response.bufferEntity();
        return response;
    }

    /**
     * Asserts an answer of the guard: its status, an {@code XiqError} body of that code with a fresh 32-hex
     * {@code error_id}, sent as {@code application/json} exactly.
     *
     * @return the body
     */
    protected static XiqError assertGuardError(Response response, int status, String errorCode) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getHeaderString("Content-Type")).isEqualTo("application/json");
        XiqError error;
        try {
            error = JSON.readValue(response.readEntity(String.class), XiqError.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not an XiqError body", e);
        }
        assertThat(error.getErrorCode()).isEqualTo(errorCode);
        assertThat(error.getErrorId()).matches("[0-9a-f]{32}");
        assertThat(error.getErrorMessage()).isNotBlank();
        assertThat(error.getErrorMessageDescription()).isNotBlank();
        return error;
    }
}
