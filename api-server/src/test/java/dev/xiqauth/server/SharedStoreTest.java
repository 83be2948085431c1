package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.PostgresSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "shared passphrase");

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, "ops@example.com", "shared passphrase");

    @TempDir
    Path dataDir;

    private RunningServer start(PostgresSchema schema) throws Exception {
        ServerSettings settings = TestServers.settings(schema.settings(), 0, "https://auth.shared.test");
        return CompositionRoot.start(settings, new Secrets(BOOTSTRAP), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
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
            String token = logins.token(a.baseUri());
            String other = logins.token(b.baseUri());

            assertThat(logout(b, token)).isEqualTo(200);
            assertThat(logout(a, token)).as("denied on A right after the logout on B").isEqualTo(401);
            assertThat(logout(a, other)).as("A accepts B's tokens: same keys").isEqualTo(200);
        }
    }
}
