package dev.xiqauth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.error.ApiProblemMapper;
import dev.xiqauth.server.error.ErrorResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.inmemory.InMemoryTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.Test;

/**
 * Growing the contract: an operation added to the YAML with {@code security: [Bearer]} is guarded
 * by the filter with no code beyond its resource method, and one declared open is not.
 */
final class ContractSecurityFeatureTest extends JerseyTest {
    private static final String GROWN_CONTRACT = """
            openapi: 3.0.3
            paths:
              /reports/{id}:
                get:
                  security:
                    - Bearer: []
              /status:
                get:
                  security: []
            """;

    // Set in configure(), which JerseyTest calls before this class's initializers run.
    private AccessTokenService tokens;
    private InMemoryRevocationStore revocations;
    private MutableClock clock;

    /** Stands for the implementation of an interface generated from the grown contract. */
    public interface ReportsApi {
        @GET
        @Path("/reports/{id}")
        Response report(@jakarta.ws.rs.PathParam("id") String id);

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

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new InMemoryTestContainerFactory();
    }

    @Override
    protected Application configure() {
        clock = new MutableClock(TestServers.START);
        tokens = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
                new TokenSettings(TestServers.ISSUER, Duration.ofHours(2), Duration.ZERO), "xiq", clock,
                new SecureRandom());
        revocations = new InMemoryRevocationStore(clock);
        ContractSecurity security;
        try {
            security = ContractSecurity.parse(new ByteArrayInputStream(GROWN_CONTRACT.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResourceConfig()
                .register(new ReportsResource())
                .register(new ContractSecurityFeature(security, new BearerTokenFilter(
                        new TokenAuthenticator(tokens, revocations, users(), "xiq", AuthMetrics.NONE),
                        new TokenRateLimiter(clock), "xiq",
                        AuthMetrics.NONE)))
                .register(new RateLimitHeaders())
                .register(new ApiProblemMapper(new ErrorResponses()));
    }

    private static final dev.xiqauth.server.user.User JANE = new dev.xiqauth.server.user.User(1, "jane", "hash",
            "Operator", Optional.empty(), true, java.time.Instant.EPOCH);

    private static dev.xiqauth.server.user.InMemoryUserDirectory users() {
        dev.xiqauth.server.user.InMemoryUserDirectory users = new dev.xiqauth.server.user.InMemoryUserDirectory();
        users.put(JANE);
        return users;
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
        String token = tokens.issue(JANE, new RateLimitPolicy(3, java.util.OptionalLong.empty())).accessToken();
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
        clock.advance(java.time.Duration.ofHours(1));
        try (Response nextHour = report(token)) {
            assertThat(nextHour.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void burstsBeyondThePerSecondQuotaAre429ForTheRestOfThatSecond() {
        String token = tokens.issue(JANE, new RateLimitPolicy(100, java.util.OptionalLong.of(2))).accessToken();
        report(token).close();
        report(token).close();

        try (Response burst = report(token)) {
            assertThat(burst.getStatus()).isEqualTo(429);
            assertThat(burst.getHeaderString("Retry-After")).isEqualTo("1");
        }
        clock.advance(java.time.Duration.ofSeconds(1));
        try (Response later = report(token)) {
            assertThat(later.getStatus()).isEqualTo(200);
            assertThat(later.getHeaderString("RateLimit-Remaining")).isEqualTo("97");
        }
    }

    @Test
    void quotasAreCountedPerToken() {
        String first = tokens.issue(JANE, new RateLimitPolicy(1, java.util.OptionalLong.empty())).accessToken();
        String second = tokens.issue(JANE, new RateLimitPolicy(1, java.util.OptionalLong.empty())).accessToken();
        report(first).close();

        try (Response other = report(second)) {
            assertThat(other.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void operationDeclaredOpenNeedsNoToken() {
        try (Response response = target("status").request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }
}
