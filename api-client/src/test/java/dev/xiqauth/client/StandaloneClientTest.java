package dev.xiqauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqLoginResponse;
import dev.xiqauth.client.api.AuthenticationApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client on its own classpath, which holds no server and no injection framework, against a
 * scripted HTTP peer: what an application that depends on api-client alone gets.
 */
final class StandaloneClientTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2ln";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer peer;
    private ApiClient client;

    @BeforeEach
    void startPeer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/login", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add("POST /login " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            if (body.contains("\"password\":\"right\"")) {
                respond(exchange, 200, "{\"access_token\":\"" + TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":86400,\"scope\":\"ignored\"}");
            } else {
                respond(exchange, 401, "{\"error_code\":\"INVALID_CREDENTIALS\",\"error_id\":\"e1\","
                        + "\"error_message\":\"Invalid username or password\",\"error_message_description\":\"d\"}");
            }
        });
        peer.createContext("/logout", exchange -> {
            requests.add("POST /logout " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        peer.createContext("/", exchange -> respond(exchange, 429, "{\"error_code\":\"RATE_LIMITED\","
                + "\"error_id\":\"e2\",\"error_message\":\"m\",\"error_message_description\":\"d\"}"));
        peer.start();
        client = new ApiClient();
        client.setBasePath("http://127.0.0.1:" + peer.getAddress().getPort());
    }

    @AfterEach
    void stopPeer() {
        peer.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void clientWorksWithoutAnInjectionFrameworkOnTheClasspath() throws ApiException {
        assertThat(getClass().getClassLoader().getResource("org/glassfish/hk2/api/ServiceLocator.class")).isNull();

        XiqLoginResponse response = new AuthenticationApi(client).login(new XiqLoginRequest("jane", "right"));

        assertThat(response.getAccessToken()).isEqualTo(TOKEN);
        assertThat(response.getExpiresIn()).isEqualTo(86_400);
        assertThat(requests).containsExactly(
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
        client.setBasePath("http://127.0.0.1:" + peer.getAddress().getPort() + "/elsewhere");

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
