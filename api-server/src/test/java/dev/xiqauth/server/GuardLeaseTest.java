package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.User;
import java.io.ByteArrayOutputStream;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guarded service answers the tokens it has seen from memory, under a lease of the server on the embedded store,
 * and refuses a token on its very next request after the logout's answer: the logout waits for the guard's
 * acknowledgement, or for its lease to end when the guard cannot be reached.
 */
final class GuardLeaseTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "a passphrase for guarded services";
    private static final String ISSUER = "https://auth.guards.test";
    /** The lease (4 s) and what a logout takes beyond it. */
    private static final Duration AT_MOST_A_LEASE = Duration.ofMillis(4_900);

    @TempDir
    Path dataDir;

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, USER, PASSWORD);
    private RunningServer server;
    private String credential;
    private User user;
    private final AccessTokenService minter = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
            new TokenSettings(ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), "xiq", Clock.systemUTC(),
            new SecureRandom());

    @BeforeEach
    void startServer() throws Exception {
        server = CompositionRoot.start(TestServers.settings(StoreSettings.embedded(dataDir), 0, ISSUER),
                new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD,
                        "XIQ_AUTH_SIGNING_KEY", Base64.getEncoder().encodeToString(TestServers.KEY.secret()))),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String login = logins.token(server.baseUri());
        credential = logins.apiToken(server.baseUri(), login, "{\"permissions\":[\"token:introspect\"]}");
        long userId = SignedJWT.parse(login).getJWTClaimsSet().getLongClaim("user_id");
        user = new User(userId, USER, "unused", "ADMINISTRATOR", Optional.empty(), true, Instant.EPOCH);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private String freshToken() {
        return minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
    }

    private Duration logout(String token) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** @return how many introspections the server has answered */
    private long introspections() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(server.baseUri().resolve("metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("xiq_auth_requests_seconds_count")
                && line.contains("operation=\"introspectToken\"")).mapToLong(line -> (long) Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aTokenTheGuardHasSeenIsAnsweredFromMemoryWithoutAskingTheServer() throws Exception {
        try (GuardedService service = GuardedService.start(server.baseUri(), credential).awaitLease()) {
            String token = freshToken();
            assertThat(service.status(token)).isEqualTo(200);
            long before = introspections();

            for (int request = 0; request < 200; request++) {
                assertThat(service.status(token)).isEqualTo(200);
            }

            assertThat(introspections()).as("introspections for 200 requests of a token seen").isEqualTo(before);
        }
    }

    @Test
    void aTokenLoggedOutAtTheServerIsRefusedByTheGuardOnItsVeryNextRequestThreeHundredTimesInARow()
            throws Exception {
        try (GuardedService service = GuardedService.start(server.baseUri(), credential).awaitLease()) {
            int accepted = 0;
            for (int round = 0; round < 300; round++) {
                String token = freshToken();
                assertThat(service.status(token)).as("round %d: served", round).isEqualTo(200);
                assertThat(service.status(token)).as("round %d: from memory", round).isEqualTo(200);
                logout(token);
                if (service.status(token) != 401) {
                    accepted++;
                }
            }
            assertThat(accepted).as("revoked tokens the guard accepted").isZero();
            assertThat(service.guard().answersFromMemory()).isTrue();
        }
    }

    @Test
    void aLogoutWaitsAtMostALeaseForAGuardWhoseStreamIsStalledWhichRefusesAndRecoversByItself() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(server.baseUri());
                GuardedService service = GuardedService.start(proxy.in(server.baseUri()), credential).awaitLease()) {
            String token = freshToken();
            String other = freshToken();
            assertThat(service.status(token)).isEqualTo(200);
            assertThat(service.status(other)).isEqualTo(200);

            proxy.stall();
            Duration took = logout(token);

            assertThat(took).as("the logout waited out the stalled guard's lease, no more").isLessThan(AT_MOST_A_LEASE)
                    .isGreaterThan(Duration.ofMillis(500));
            assertThat(service.status(token)).as("refused: the guard's lease ended with its stream").isNotEqualTo(200);
            proxy.restore();
            service.awaitLease();
            assertThat(service.status(token)).isEqualTo(401);
            assertThat(service.status(other)).isEqualTo(200);
            Duration next = logout(other);
            assertThat(next).as("recovered: acknowledged, not waited out").isLessThan(Duration.ofMillis(500));
            assertThat(service.status(other)).isEqualTo(401);
        }
    }

    @Test
    void aLogoutWaitsAtMostALeaseForAGuardWhoseStreamIsCutWhichRecoversByItself() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(server.baseUri());
                GuardedService service = GuardedService.start(proxy.in(server.baseUri()), credential).awaitLease()) {
            String token = freshToken();
            assertThat(service.status(token)).isEqualTo(200);

            proxy.cut();
            Duration took = logout(token);

            assertThat(took).isLessThan(AT_MOST_A_LEASE);
            assertThat(service.status(token)).as("refused: the guard cannot ask, and holds no lease").isEqualTo(503);
            proxy.restore();
            service.awaitLease();
            assertThat(service.status(token)).isEqualTo(401);
        }
    }

    @Test
    void aGuardThatStopsGivesUpItsLeaseSoNoLogoutWaitsItOut() throws Exception {
        GuardedService service = GuardedService.start(server.baseUri(), credential).awaitLease();
        String token = freshToken();
        assertThat(service.status(token)).isEqualTo(200);
        service.close();

        assertThat(logout(freshToken())).as("the first logout after the guard stopped").isLessThan(Duration.ofMillis(500));
        assertThat(logout(freshToken())).as("and the next").isLessThan(Duration.ofMillis(500));
    }

    /**
     * A lease is given up only by the credential that holds it: another service's credential, even one allowed to
     * follow the changes, leaves it held, and a logout waits for the holder (here a guard that asked once and went
     * quiet, so the logout waits its lease out), while the holder's own request gives it up at once.
     */
    @Test
    void onlyTheCredentialThatHoldsALeaseCanGiveItUp() throws Exception {
        String view = newView();
        String other = anotherServicesCredential();
        assertThat(changes("GET", view, credential).statusCode()).isEqualTo(200);

        assertThat(changes("DELETE", view, other).statusCode()).isEqualTo(204);
        assertThat(logout(freshToken())).as("the lease held by the first credential is waited out")
                .isGreaterThan(Duration.ofSeconds(1)).isLessThan(AT_MOST_A_LEASE);

        assertThat(changes("GET", view, credential).statusCode()).isEqualTo(200);
        assertThat(changes("DELETE", view, credential).statusCode()).isEqualTo(204);
        assertThat(logout(freshToken())).as("given up by its holder").isLessThan(Duration.ofMillis(500));
    }

    /**
     * Another credential that learns a guard's view cannot acknowledge changes for it: its question, with the view's
     * name and epoch and a position far ahead, names a view of its own (a new start), and a logout still waits for
     * the guard (here one that asked once and went quiet, so the logout waits its lease out) instead of taking the
     * stranger's word that it applied it.
     */
    @Test
    void anotherCredentialCannotAcknowledgeChangesForAGuardsView() throws Exception {
        String view = newView();
        String other = anotherServicesCredential();
        HttpResponse<String> started = changes("GET", view, credential);
        assertThat(started.statusCode()).isEqualTo(200);
        String epoch = new ObjectMapper().readTree(started.body()).get("epoch").asText();

        HttpResponse<String> stranger = changes("GET", view + "&epoch=" + epoch + "&after=" + Long.MAX_VALUE, other);

        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(stranger.body()).get("reset").asBoolean()).as("a view of its own")
                .isTrue();
        assertThat(logout(freshToken())).as("the guard's lease is waited out, not acknowledged by a stranger")
                .isGreaterThan(Duration.ofSeconds(1)).isLessThan(AT_MOST_A_LEASE);
    }

    private static String newView() {
        return "guard-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** @return the credential of another service, allowed to follow the changes as the guard's is */
    private String anotherServicesCredential() throws Exception {
        return logins.apiToken(server.baseUri(), logins.token(server.baseUri()),
                "{\"permissions\":[\"token:introspect\"]}");
    }

    private HttpResponse<String> changes(String method, String view, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("oauth2/introspect/changes?view=" + view))
                .header("Authorization", "Bearer " + bearer).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
