package dev.xiqauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqLoginResponse;
import dev.xiqauth.client.api.AuthenticationApi;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client on its own classpath, which holds no server and no injection framework, against a
 * scripted HTTP peer: what an application that depends on api-client alone gets.
 */
final class StandaloneClientTest {
    private ScriptedXiqPeer peer;
    private ApiClient client;

    @BeforeEach
    void startPeer() throws IOException {
        peer = new ScriptedXiqPeer();
        client = new ApiClient();
        client.setBasePath(peer.uri().toString());
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Test
    void clientWorksWithoutAnInjectionFrameworkOnTheClasspath() throws ApiException {
        assertThat(getClass().getClassLoader().getResource("org/glassfish/hk2/api/ServiceLocator.class")).isNull();

        XiqLoginResponse response = new AuthenticationApi(client).login(new XiqLoginRequest("jane", "right"));

        assertThat(response.getAccessToken()).isEqualTo("token-1");
        assertThat(response.getExpiresIn()).isEqualTo(ScriptedXiqPeer.EXPIRES_IN);
        assertThat(peer.requests()).containsExactly(
                "POST /login application/json {\"username\":\"jane\",\"password\":\"right\"}");
    }

    @Test
    void documentedErrorStatusCarriesATypedXiqError() {
        ApiException failure = catchThrowableOfType(ApiException.class,
                () -> new AuthenticationApi(client).login(new XiqLoginRequest("jane", "wrong")));

        assertThat(failure.getCode()).isEqualTo(401);
        assertThat(failure.getErrorEntity()).isInstanceOf(XiqError.class);
        assertThat(XiqErrors.of(failure)).map(XiqError::getErrorCode).contains("INVALID_CREDENTIALS");
    }

    @Test
    void undocumentedErrorStatusStillYieldsItsXiqError() throws ApiException {
        client.setBasePath(peer.uri() + "/elsewhere");

        ApiException failure = catchThrowableOfType(ApiException.class,
                () -> new AuthenticationApi(client).login(new XiqLoginRequest("jane", "right")));

        assertThat(failure.getCode()).isEqualTo(429);
        assertThat(XiqErrors.of(failure)).map(XiqError::getErrorCode).contains("RATE_LIMITED");
    }

    @Test
    void failureWithoutAnErrorBodyYieldsNoXiqError() {
        assertThat(XiqErrors.of(new ApiException(503, "unreachable"))).isEmpty();
        assertThat(XiqErrors.of(new ApiException(502, "proxy", java.util.Map.of(), "<html>bad gateway</html>")))
                .isEmpty();
    }
}
