package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.config.RateLimitSettings;
import dev.xiqauth.server.error.StoreUnavailableException;
import dev.xiqauth.server.token.FailingRevocationStore;
import dev.xiqauth.server.token.InMemoryRevocationStore;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.Test;

/**
 * The Authorization operations when what they depend on fails or is overused, over real HTTP: a store
 * that cannot be reached is 503 and an unexpected failure 500, both without detail and never a token let
 * through unchecked; a token over its quota, and a client over the validation limit, get 429.
 */
final class AuthorizationFailuresTest extends ApplicationTest {
    /** Set in {@link #application}, which JerseyTest calls before this class's initializers run. */
    private FailingRevocationStore revocations;

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }

    @Override
    protected Application application(MutableClock testClock) {
        revocations = new FailingRevocationStore(new InMemoryRevocationStore(testClock));
        return TestServers.application(testClock)
                .revocations(revocations)
                .rateLimits(RateLimitSettings.defaults().withValidationsPerSecond(2))
                .build().resourceConfig();
    }

    private String token(String rateLimit) {
        try (Response login = target("login").request().post(Entity.json("{\"username\":\"" + TestServers.USERNAME
                + "\",\"password\":\"" + TestServers.PASSWORD + "\"" + rateLimit + "}"))) {
            assertThat(login.getStatus()).isEqualTo(200);
            return login.readEntity(String.class).replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        }
    }

    /** Each Authorization operation, as a request made with the given token. */
    private List<Function<String, Response>> operations() {
        return List.of(
                token -> bearer("auth/apitoken", token).post(Entity.json("{\"permissions\":[\"device:r\"]}")),
                token -> bearer("auth/apitoken/info", token).get(),
                token -> target("auth/apitoken/:validate").request().post(Entity.text(token)),
                token -> bearer("auth/permissions", token).get(),
                token -> bearer("auth/permissions/:check", token).post(Entity.json(
                        "{\"method\":\"GET\",\"uri\":\"/devices\"}")),
                token -> bearer("oauth2/introspect", token).post(Entity.form(new Form("token", token))),
                token -> target("oauth2/introspect/changes").queryParam("view", "guard-0123456789abcdef").request()
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).get());
    }

    /** Each operation that checks a token: the Authorization operations, and a guard giving its lease up. */
    private List<Function<String, Response>> operationsCheckingAToken() {
        List<Function<String, Response>> all = new ArrayList<>(operations());
        all.add(token -> target("oauth2/introspect/changes").queryParam("view", "guard-0123456789abcdef").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).delete());
        return all;
    }

    private Invocation.Builder bearer(String path, String token) {
        return target(path).request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    @Test
    void aStoreThatCannotBeReachedIs503ForEveryOperationThatChecksATokenAndNothingIsLetThrough() throws IOException {
        String token = token("");
        for (Function<String, Response> operation : operationsCheckingAToken()) {
            revocations.failNextCheck(new StoreUnavailableException("revocation store down"));
            try (Response response = operation.apply(token)) {
                AuthenticationApiContract.assertXiqError(response, 503, "SERVICE_UNAVAILABLE");
                assertThat(response.getHeaderString("Retry-After")).isNotNull();
            }
        }
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetailForEveryOperationThatChecksAToken() throws IOException {
        String token = token("");
        for (Function<String, Response> operation : operationsCheckingAToken()) {
            revocations.failNextCheck(new IllegalStateException("disk on fire at /var/lib/secret"));
            try (Response response = operation.apply(token)) {
                String body = response.readEntity(String.class);
                assertThat(response.getStatus()).as(body).isEqualTo(500);
                assertThat(body).contains("\"INTERNAL_ERROR\"").doesNotContain("disk on fire").doesNotContain("/var/lib");
            }
        }
    }

    @Test
    void aTokenOverItsQuotaIs429OnEveryBearerOperation() throws IOException {
        List<Function<String, Response>> operations = operations();
        // The last, a guard's question, counts no quota: a guard asks again as soon as it is answered.
        int guardsQuestion = operations.size() - 1;
        String overItsQuota = token(",\"rate_limit\":{\"hour\":1}");
        operations.get(0).apply(overItsQuota).close();
        try (Response asked = operations.get(guardsQuestion).apply(overItsQuota)) {
            assertThat(asked.getStatus()).as("a guard's question over its credential's quota").isEqualTo(200);
        }
        try (Response givenUp = operationsCheckingAToken().get(guardsQuestion + 1).apply(overItsQuota)) {
            assertThat(givenUp.getStatus()).as("a guard giving its lease up over its credential's quota").isEqualTo(204);
        }
        for (int i = 0; i < guardsQuestion; i++) {
            if (i == 2) {
                continue;
            }
            String token = token(",\"rate_limit\":{\"hour\":1}");
            operations.get(i).apply(token).close();
            try (Response limited = operations.get(i).apply(token)) {
                AuthenticationApiContract.assertXiqError(limited, 429, "RATE_LIMITED");
                assertThat(limited.getHeaderString("Retry-After")).isNotNull();
                assertThat(limited.getHeaderString("RateLimit-Limit")).isEqualTo("1;w=3600");
            }
        }
    }

    @Test
    void validationsOverTheClientsLimitAre429ForTheRestOfTheSecond() throws IOException {
        String token = token("");
        for (int i = 0; i < 2; i++) {
            try (Response valid = target("auth/apitoken/:validate").request().post(Entity.text(token))) {
                assertThat(valid.getStatus()).isEqualTo(200);
            }
        }
        try (Response limited = target("auth/apitoken/:validate").request().post(Entity.text(token))) {
            AuthenticationApiContract.assertXiqError(limited, 429, "RATE_LIMITED");
            assertThat(limited.getHeaderString("Retry-After")).isEqualTo("1");
        }
        clock.advance(Duration.ofSeconds(1));
        try (Response later = target("auth/apitoken/:validate").request().post(Entity.text(token))) {
            assertThat(later.getStatus()).isEqualTo(200);
        }
    }
}
