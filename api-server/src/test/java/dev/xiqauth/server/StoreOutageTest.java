package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.H2Loopback;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stops under a running server: protected operations and logins are refused with 503
 * and {@code Retry-After}, never let through unchecked and never a 500; when the database returns,
 * the server serves again without a restart.
 */
final class StoreOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "outage passphrase");

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, "ops@example.com", "outage passphrase");

    @TempDir
    Path dataDir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Server databaseServer(int port, Path baseDir) throws Exception {
        // H2 reads its bind address once, when first loaded: as the stores do, before touching H2, so that this
        // test's H2 and every embedded store opened later in this JVM serve on loopback only.
        H2Loopback.require();
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", baseDir.toString(),
                "-ifNotExists").start();
    }


    private HttpResponse<String> logout(RunningServer server, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> health(RunningServer server, String probe) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("health/" + probe)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** @return the readiness answer, once it is the expected one or two seconds have passed */
    private HttpResponse<String> healthOnceSettled(RunningServer server, int expected) throws Exception {
        HttpResponse<String> ready = health(server, "ready");
        for (long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                ready.statusCode() != expected && System.nanoTime() < deadline; ready = health(server, "ready")) {
            Thread.sleep(100);
        }
        return ready;
    }

    private static void assertUnavailable(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error_code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(error.get("error_id").asText()).matches("[0-9a-f]{32}");
    }

    @Test
    void serverFailsClosedAndIsNotReadyWhileTheStoreIsDownAndRecoversWhenItReturns() throws Exception {
        int port = freePort();
        Server database = databaseServer(port, dataDir);
        StoreSettings store = new StoreSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/xiq-auth;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", Optional.empty(), Optional.empty(), 4,
                Duration.ofMillis(500));
        ServerSettings settings = TestServers.settings(store, 0, "https://auth.outage.test");
        try (RunningServer server = CompositionRoot.start(settings, new Secrets(BOOTSTRAP), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String token = logins.token(server.baseUri());

            assertThat(health(server, "ready").statusCode()).isEqualTo(200);

            database.stop();
            assertUnavailable(logout(server, token));
            assertUnavailable(logins.attempt(server.baseUri()));
            // Load balancers take a server that cannot reach its store out of rotation, and keep it alive;
            // readiness asks the store at most once a second.
            assertUnavailable(healthOnceSettled(server, 503));
            assertThat(health(server, "live").statusCode()).isEqualTo(200);

            database = databaseServer(port, dataDir);
            // The pool drops the connections the outage broke as it meets them; within seconds it serves again.
            HttpResponse<String> recovered = logout(server, token);
            for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    recovered.statusCode() == 503 && System.nanoTime() < deadline; recovered = logout(server, token)) {
                Thread.sleep(100);
            }
            assertThat(recovered.statusCode()).as("the token was never revoked: " + recovered.body()).isEqualTo(200);
            assertThat(logout(server, token).statusCode()).isEqualTo(401);
            assertThat(logins.attempt(server.baseUri()).statusCode()).isEqualTo(200);
            assertThat(healthOnceSettled(server, 200).statusCode()).isEqualTo(200);
        } finally {
            database.stop();
        }
    }
}
