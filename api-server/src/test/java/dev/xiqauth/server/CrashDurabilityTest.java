package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.PostgresSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A logout that returned 200 survives a crash: the server runs as its own process, is killed with
 * SIGKILL right after the logout, and is started again on the same store.
 */
final class CrashDurabilityTest {
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "crash-proof passphrase");
    private static final String ISSUER = "https://auth.crash.test";

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, "ops@example.com", "crash-proof passphrase");

    @TempDir
    Path dataDir;

    @Test
    void revocationSurvivesSigkillOnTheEmbeddedStore() throws Exception {
        assertRevocationSurvivesACrash(Map.of());
    }

    /**
     * Once checks are answered from memory, a logout is kept by the revocation journal alone until the next fold,
     * seconds later: killed before it, the server folds the journal when it starts again.
     */
    @Test
    void logoutsInTheRevocationJournalSurviveSigkillBeforeTheyAreFolded() throws Exception {
        Map<String, String> environment = new HashMap<>(BOOTSTRAP);
        List<String> revoked = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start(dataDir, environment, "--issuer", ISSUER)) {
            for (int i = 0; i < 3; i++) {
                revoked.add(logins.token(first.baseUri()));
            }
            awaitChecksFromMemory(first.baseUri());
            for (String token : revoked) {
                assertThat(logout(first.baseUri(), token)).isEqualTo(200);
            }
            first.kill();
        }
        assertThat(journalBytes()).as("records of the three logouts, left unfolded by the crash")
                .isGreaterThanOrEqualTo(3 * 28);
        try (ServerProcess second = ServerProcess.start(dataDir, environment, "--issuer", ISSUER)) {
            for (String token : revoked) {
                assertThat(logout(second.baseUri(), token)).as("a token logged out before the crash").isEqualTo(401);
            }
        }
    }

    private long journalBytes() throws IOException {
        long records = 0;
        try (DirectoryStream<Path> journal = Files.newDirectoryStream(dataDir, "revocations-*.journal")) {
            for (Path segment : journal) {
                records += Files.size(segment) - 8;
            }
        }
        return records;
    }

    private void awaitChecksFromMemory(URI baseUri) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!http.send(HttpRequest.newBuilder(baseUri.resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains("xiq_auth_token_checks_from_memory 1.0")) {
            assertThat(System.nanoTime() - deadline).as("the view loaded within 30 s").isNegative();
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Test
    void revocationSurvivesSigkillOnPostgresql() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create()) {
            Map<String, String> environment = new HashMap<>();
            environment.put("XIQ_AUTH_DB_URL", schema.jdbcUrl());
            if (schema.user() != null) {
                environment.put("XIQ_AUTH_DB_USER", schema.user());
            }
            if (schema.password() != null) {
                environment.put("XIQ_AUTH_DB_PASSWORD", schema.password());
            }
            assertRevocationSurvivesACrash(environment);
        }
    }

    private void assertRevocationSurvivesACrash(Map<String, String> store) throws Exception {
        Map<String, String> environment = new HashMap<>(BOOTSTRAP);
        environment.putAll(store);
        String revoked;
        String kept;
        // A fixed issuer: the default names the port, which port 0 picks anew on each start.
        try (ServerProcess first = ServerProcess.start(dataDir, environment, "--issuer", ISSUER)) {
            revoked = logins.token(first.baseUri());
            kept = logins.token(first.baseUri());
            assertThat(logout(first.baseUri(), revoked)).isEqualTo(200);
            assertThat(first.output()).anyMatch(line -> line.contains("created the first user"));
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(dataDir, environment, "--issuer", ISSUER)) {
            assertThat(logout(second.baseUri(), revoked)).as("the revoked token is still denied").isEqualTo(401);
            assertThat(logout(second.baseUri(), kept)).as("a token not revoked still works").isEqualTo(200);
            assertThat(logins.token(second.baseUri())).as("the user can still log in").isNotBlank();
            assertThat(second.output()).as("the users survived the crash: no first user is made again")
                    .noneMatch(line -> line.contains("created the first user"));
        }
    }


    private int logout(URI baseUri, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(baseUri.resolve("logout")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
