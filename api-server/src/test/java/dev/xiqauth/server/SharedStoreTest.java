package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.store.PostgresSchema;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.User;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances behind one load balancer share users, keys and revocations through PostgreSQL; each answers checks
 * from its view of the store, and so do the guarded services that follow each.
 */
final class SharedStoreTest {
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "shared passphrase");
    private static final String ISSUER = "https://auth.shared.test";

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, "ops@example.com", "shared passphrase");

    @TempDir
    Path dataDir;

    private RunningServer start(PostgresSchema schema) throws Exception {
        ServerSettings settings = TestServers.settings(schema.settings(), 0, ISSUER);
        return CompositionRoot.start(settings, new Secrets(BOOTSTRAP), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }


    /** An instance that signs with the tests' key, so that tokens minted with it are its own. */
    private static RunningServer startWithSharedKey(PostgresSchema schema) throws IOException {
        Map<String, String> secrets = new HashMap<>(BOOTSTRAP);
        secrets.put("XIQ_AUTH_SIGNING_KEY", Base64.getEncoder().encodeToString(TestServers.KEY.secret()));
        // A thousand rounds mint a hundred API tokens in a few seconds: faster than a user may by default.
        ServerSettings settings = TestServers.settings(schema.settings(), 0, ISSUER);
        settings = settings.withRateLimits(settings.rateLimits().withApiTokensPerSecond(1_000));
        return CompositionRoot.start(settings, new Secrets(secrets), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private User bootstrapUser(RunningServer server) throws Exception {
        long userId = SignedJWT.parse(logins.token(server.baseUri())).getJWTClaimsSet().getLongClaim("user_id");
        return new User(userId, "ops@example.com", "unused", "ADMINISTRATOR", Optional.empty(), true, Instant.EPOCH);
    }

    private static AccessTokenService minter() {
        return new AccessTokenService(new StaticKeyRing(TestServers.KEY),
                new TokenSettings(ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), "xiq", Clock.systemUTC(),
                new SecureRandom());
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

    @Test
    void aTokenRevokedThroughOneInstanceIsRefusedByAnotherAndEveryGuardOnTheVeryNextRequestAThousandTimesInARow()
            throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer a = startWithSharedKey(schema);
                RunningServer b = startWithSharedKey(schema)) {
            User user = bootstrapUser(a);
            String credential = logins.apiToken(a.baseUri(), logins.token(a.baseUri()),
                    "{\"permissions\":[\"token:introspect\"]}");
            // A guarded service following each instance: it answers from memory the tokens it has seen.
            try (GuardedService followsA = GuardedService.start(a.baseUri(), credential).awaitLease();
                    GuardedService followsB = GuardedService.start(b.baseUri(), credential).awaitLease()) {
                // Tokens are minted with the instances' own key, so that a thousand rounds cost no password hashes.
                AccessTokenService minter = minter();
                int accepted = 0;
                for (int round = 0; round < 1_000; round++) {
                    String login = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
                    String token = round % 10 == 9
                            ? logins.apiToken(a.baseUri(), login, "{\"permissions\":[\"logout\",\"auth:r\"]}")
                            : login;
                    assertThat(followsA.status(token)).as("round %d: served", round).isEqualTo(200);
                    assertThat(followsB.status(token)).as("round %d: served", round).isEqualTo(200);
                    RunningServer revoking = round % 2 == 0 ? a : b;
                    RunningServer checking = revoking == a ? b : a;
                    assertThat(logout(revoking, token)).as("round %d: the logout", round).isEqualTo(200);
                    if (logins.introspectionStatus(checking.baseUri(), token) != 401) {
                        accepted++;
                    }
                    if (followsA.status(token) != 401) {
                        accepted++;
                    }
                    if (followsB.status(token) != 401) {
                        accepted++;
                    }
                }
                assertThat(accepted).as("revoked tokens another instance or a guard accepted").isZero();
                assertThat(followsA.guard().answersFromMemory()).isTrue();
                assertThat(followsB.guard().answersFromMemory()).isTrue();
            }
        }
    }

    @Test
    void aTokensQuotaHoldsAcrossInstancesWhicheverOfThemItsRequestsReach() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer a = startWithSharedKey(schema);
                RunningServer b = startWithSharedKey(schema)) {
            User user = bootstrapUser(a);
            AccessTokenService minter = minter();
            int quota = 300;
            String token = minter.issue(user, new RateLimitPolicy(quota, OptionalLong.empty())).accessToken();

            int accepted = 0;
            int refused = 0;
            for (int request = 0; request < 2 * quota; request++) {
                int status = logins.introspectionStatus((request % 2 == 0 ? a : b).baseUri(), token);
                if (status == 200) {
                    accepted++;
                } else if (status == 429) {
                    refused++;
                }
            }

            assertThat(accepted).as("requests the two instances accepted for one token in one hour")
                    .isLessThanOrEqualTo(quota * 105 / 100)
                    .as("short of the quota by the other instance's unused lease at most")
                    .isGreaterThanOrEqualTo(quota - quota / 50);
            assertThat(accepted + refused).as("every other request was refused 429").isEqualTo(2 * quota);
        }
    }

    /** {@code keys rotate} and {@code keys retire}, as an operator runs them against the shared database. */
    private String keys(PostgresSchema schema, String... command) {
        Map<String, String> credentials = new HashMap<>();
        Optional.ofNullable(schema.user()).ifPresent(user -> credentials.put("XIQ_AUTH_DB_USER", user));
        Optional.ofNullable(schema.password()).ifPresent(password -> credentials.put("XIQ_AUTH_DB_PASSWORD", password));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = XiqAuthServer.commandLine(new Secrets(credentials), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .execute(Stream.concat(Stream.of("keys"), Stream.concat(Stream.of(command),
                        Stream.of("--db-url", schema.jdbcUrl()))).toArray(String[]::new));
        assertThat(status).as("keys %s: %s", List.of(command), out).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keyRotatedAndRetiredByTheAdminCommandIsHonouredByEveryInstanceAtOnce() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer a = start(schema);
                RunningServer b = start(schema)) {
            String fromA = logins.token(a.baseUri());
            String oldKeyId = SignedJWT.parse(fromA).getHeader().getKeyID();

            keys(schema, "rotate");
            String fromB = logins.token(b.baseUri());
            keys(schema, "retire", oldKeyId);

            assertThat(SignedJWT.parse(fromB).getHeader().getKeyID()).as("B signs with the rotated key at once")
                    .isNotEqualTo(oldKeyId);
            assertThat(logout(b, fromA)).as("B refuses the retired key's token at once").isEqualTo(401);
            assertThat(logout(a, fromA)).as("and so does A, which issued it").isEqualTo(401);
            assertThat(logout(a, fromB)).as("A accepts the rotated key's token").isEqualTo(200);
        }
    }
}
