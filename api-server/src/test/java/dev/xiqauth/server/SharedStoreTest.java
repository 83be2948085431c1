package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.store.PostgresSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances behind one load balancer share users, keys and revocations through PostgreSQL. */
final class SharedStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "shared passphrase");

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();

    @TempDir
    Path dataDir;

    private RunningServer start(PostgresSchema schema) throws Exception {
        ServerSettings settings = TestServers.settings(dataDir, schema.settings(), 0, "https://auth.shared.test");
        return RunningServer.start(settings, new Secrets(BOOTSTRAP), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private String login(RunningServer server) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUri().resolve("login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"ops@example.com\",\"password\":\"shared passphrase\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private int logout(RunningServer server, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void tokenFromALoginOnOneInstanceRevokedOnAnotherIsDeniedOnTheFirstAtOnce() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer a = start(schema);
                RunningServer b = start(schema)) {
            String token = login(a);
            String other = login(b);

            assertThat(logout(b, token)).isEqualTo(200);
            assertThat(logout(a, token)).as("denied on A right after the logout on B").isEqualTo(401);
            assertThat(logout(a, other)).as("A accepts B's tokens: same keys").isEqualTo(200);
        }
    }
}
