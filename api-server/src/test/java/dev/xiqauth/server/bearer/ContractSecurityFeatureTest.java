package dev.xiqauth.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.ApplicationTest;
import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.error.ApiProblemMapper;
import dev.xiqauth.server.error.ErrorResponses;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.ratelimit.InMemoryQuotaLedger;
import dev.xiqauth.server.ratelimit.RateLimitHeaders;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.ratelimit.TokenRateLimiter;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.InMemoryApiTokenStore;
import dev.xiqauth.server.token.InMemoryRevocationStore;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenAuthenticator;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.User;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * Growing the contract: an operation added to the YAML with {@code security: [Bearer]} is guarded
 * by the filter with no code beyond its resource method, its {@code x-xiq-permissions} are enforced,
 * and one declared open is not guarded.
 */
final class ContractSecurityFeatureTest extends ApplicationTest {
    private static final String GROWN_CONTRACT = """
            openapi: 3.0.3
            paths:
              /reports/{id}:
                get:
                  security:
                    - Bearer: []
                  x-xiq-permissions: [report:read]
              /status:
                get:
                  security: []
            """;

    /** The grown service's catalogue: its operation, with the one role whose login tokens may make it. */
    private static final PermissionCatalogue CATALOGUE = PermissionCatalogue.parse(new ByteArrayInputStream("""
            roles:
              - {name: OPERATOR}
              - {name: Visitor}
            permissions:
              - {name: "report:read", description: Read reports, category: Reports}
            endpoints:
              - {method: GET, uri: "/reports/{id}", permissions: ["report:read"], roles: [OPERATOR]}
            """.getBytes(StandardCharsets.UTF_8)), "the grown catalogue");

    // Set in application(), which JerseyTest calls before this class's initializers run.
    private AccessTokenService tokens;
    private InMemoryRevocationStore revocations;

    /** Stands for the implementation of an interface generated from the grown contract. */
    public interface ReportsApi {
        @GET
        @Path("/reports/{id}")
        Response report(@PathParam("id") String id);

        @GET
        @Path("/status")
        Response status();
    }

    @Path("")
    public static final class ReportsResource implements ReportsApi {
        @Context
        private SecurityContext security;

        @Override
        public Response report(String id) {
            return Response.ok("report " + id + " for " + security.getUserPrincipal().getName()).build();
        }

        @Override
        public Response status() {
            return Response.ok("up").build();
        }
    }

    /** The grown contract is not the packaged one: its answers are not checked against the packaged contract. */
    @Override
    protected void configureClient(ClientConfig config) {
        // Nothing to register: the stand-in resource answers plain text.
    }

    @Override
    protected Application application(MutableClock testClock) {
        tokens = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
                new TokenSettings(TestServers.ISSUER, Duration.ofHours(2), Duration.ZERO), "xiq", testClock,
                new SecureRandom());
        revocations = new InMemoryRevocationStore(testClock);
        ContractSecurity security;
        try {
            security = ContractSecurity.parse(new ByteArrayInputStream(GROWN_CONTRACT.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResourceConfig()
                .register(new ReportsResource())
                .register(new ContractSecurityFeature(security, CATALOGUE, new BearerTokenFilter(
                        new TokenAuthenticator(tokens, revocations,
                                new InMemoryApiTokenStore(testClock, userId -> Optional.empty()), users(),
                                CATALOGUE::permissionsOf, "xiq",
                                AuthMetrics.NONE),
                        new TokenRateLimiter(testClock, new InMemoryQuotaLedger()), "xiq",
                        AuthMetrics.NONE), "xiq", AuthMetrics.NONE))
                .register(new RateLimitHeaders())
                .register(new ApiProblemMapper(new ErrorResponses()));
    }

    private static final User JANE = new User(1, "jane", "hash",
            "OPERATOR", Optional.empty(), true, java.time.Instant.EPOCH);
    private static final User VISITOR = new User(2, "visitor", "hash",
            "Visitor", Optional.empty(), true, java.time.Instant.EPOCH);

    private static InMemoryUserDirectory users() {
        InMemoryUserDirectory users = new InMemoryUserDirectory();
        users.put(JANE);
        users.put(VISITOR);
        return users;
    }

    @Test
    void newOperationRefusesAValidTokenWithoutItsDeclaredPermissionBeforeTheResourceRuns() {
        String token = tokens.issue(VISITOR, RateLimitPolicy.XIQ_DEFAULT).accessToken();
        try (Response response = report(token)) {
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                    .isEqualTo("Bearer realm=\"xiq\", error=\"insufficient_scope\", scope=\"report:read\"");
            assertThat(response.readEntity(String.class)).contains("\"ACCESS_DENIED\"").doesNotContain("report 7");
        }
    }

    private String token() {
        return tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT).accessToken();
    }

    @Test
    void newBearerOperationRefusesARequestWithoutToken() {
        try (Response response = target("reports/7").request().get()) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"xiq\"");
        }
    }

    @Test
    void newBearerOperationServesAValidTokenAndKnowsItsUser() {
        try (Response response = target("reports/7").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token())
                .get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.readEntity(String.class)).isEqualTo("report 7 for jane");
        }
    }

    @Test
    void newBearerOperationRefusesARevokedToken() {
        String token = token();
        revocations.revoke(tokens.verify(token).jti(), TestServers.START.plusSeconds(3600));

        try (Response response = target("reports/7").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .get()) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
        }
    }

    private Response report(String token) {
        return target("reports/7").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token).get();
    }

    @Test
    void requestsBeyondTheHourlyQuotaAre429WithRetryAfterAndRateLimitHeaders() {
        String token = tokens.issue(JANE, new RateLimitPolicy(3, OptionalLong.empty())).accessToken();
        for (int i = 2; i >= 0; i--) {
            try (Response ok = report(token)) {
                assertThat(ok.getStatus()).isEqualTo(200);
                assertThat(ok.getHeaderString("RateLimit-Limit")).isEqualTo("3;w=3600");
                assertThat(ok.getHeaderString("RateLimit-Remaining")).isEqualTo(Integer.toString(i));
                assertThat(ok.getHeaderString("RateLimit-Reset")).isEqualTo("3600");
            }
        }

        try (Response over = report(token)) {
            assertThat(over.getStatus()).isEqualTo(429);
            assertThat(over.readEntity(String.class)).contains("\"RATE_LIMITED\"");
            assertThat(over.getHeaderString("Retry-After")).isEqualTo("3600");
            assertThat(over.getHeaderString("RateLimit-Remaining")).isEqualTo("0");
        }
        clock.advance(Duration.ofHours(1));
        try (Response nextHour = report(token)) {
            assertThat(nextHour.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void burstsBeyondThePerSecondQuotaAre429ForTheRestOfThatSecond() {
        String token = tokens.issue(JANE, new RateLimitPolicy(100, OptionalLong.of(2))).accessToken();
        report(token).close();
        report(token).close();

        try (Response burst = report(token)) {
            assertThat(burst.getStatus()).isEqualTo(429);
            assertThat(burst.getHeaderString("Retry-After")).isEqualTo("1");
        }
        clock.advance(Duration.ofSeconds(1));
        try (Response later = report(token)) {
            assertThat(later.getStatus()).isEqualTo(200);
            assertThat(later.getHeaderString("RateLimit-Remaining")).isEqualTo("97");
        }
    }

    @Test
    void quotasAreCountedPerToken() {
        String first = tokens.issue(JANE, new RateLimitPolicy(1, OptionalLong.empty())).accessToken();
        String second = tokens.issue(JANE, new RateLimitPolicy(1, OptionalLong.empty())).accessToken();
        try (Response used = report(first)) {
            assertThat(used.getStatus()).isEqualTo(200);
        }
        try (Response overQuota = report(first)) {
            assertThat(overQuota.getStatus()).as("the first token has used its one request").isEqualTo(429);
        }

        try (Response other = report(second)) {
            assertThat(other.getStatus()).as("the second token counts on its own").isEqualTo(200);
            assertThat(other.getHeaderString("RateLimit-Remaining")).isEqualTo("0");
        }
        try (Response otherOverQuota = report(second)) {
            assertThat(otherOverQuota.getStatus()).isEqualTo(429);
        }
    }

    @Test
    void operationDeclaredOpenNeedsNoToken() {
        try (Response response = target("status").request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }
}
