package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The introspection call on its own: one client for all threads, and the answers it does not understand. */
final class RemoteTokenIntrospectionTest {
    private ScriptedAuthServer authServer;

    @BeforeEach
    void start() throws IOException {
        authServer = new ScriptedAuthServer();
    }

    @AfterEach
    void stop() {
        authServer.close();
    }

    @Test
    void concurrentIntrospectionsEachPresentTheirOwnToken() throws InterruptedException, ExecutionException {
        Map<String, String> users = Map.of(ScriptedAuthServer.JANE, "jane", ScriptedAuthServer.ADA, "ada",
                ScriptedAuthServer.BOB, "bob");
        List<String> tokens = List.copyOf(users.keySet());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (RemoteTokenIntrospection remote = new RemoteTokenIntrospection(authServer.uri(), Duration.ofSeconds(5),
                ScriptedAuthServer.SERVICE)) {
            List<Future<Map.Entry<String, Introspection>>> checks = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String token = tokens.get(i % tokens.size());
                checks.add(threads.submit(() -> Map.entry(token, remote.introspect(token))));
            }
            for (Future<Map.Entry<String, Introspection>> check : checks) {
                Map.Entry<String, Introspection> answer = check.get();
                assertThat(answer.getValue()).as("the answer is about the token this thread presented")
                        .isInstanceOfSatisfying(Introspection.Valid.class, valid -> assertThat(
                                valid.principal().getName()).isEqualTo(users.get(answer.getKey())));
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(authServer.introspections()).isEqualTo(120);
    }

    @Test
    void serverAtAWrongAddressIsUnavailableNotRefused() {
        try (RemoteTokenIntrospection remote = new RemoteTokenIntrospection(
                URI.create(authServer.uri() + "/not-the-auth-server/"), Duration.ofSeconds(5), ScriptedAuthServer.SERVICE)) {
            Introspection answer = remote.introspect(ScriptedAuthServer.JANE);

            assertThat(answer).isInstanceOfSatisfying(Introspection.Unavailable.class, unavailable -> {
                assertThat(unavailable.reason()).isEqualTo("the auth server answered 404, its error_id n1");
                assertThat(unavailable.retryAfter()).isEqualTo("5");
            });
        }
    }

    @Test
    void unreachableServerIsUnavailable() {
        try (RemoteTokenIntrospection remote = new RemoteTokenIntrospection(URI.create("http://127.0.0.1:1"),
                Duration.ofMillis(500), ScriptedAuthServer.SERVICE)) {
            Introspection answer = remote.introspect(ScriptedAuthServer.JANE);

            assertThat(answer).isInstanceOfSatisfying(Introspection.Unavailable.class, unavailable -> assertThat(
                    unavailable.reason()).startsWith("no usable answer from the auth server: ProcessingException"));
        }
    }

    @Test
    void aFailureThatQuotesTheTokenOrTheCredentialIsDescribedWithoutThem() {
        IllegalArgumentException failure = new IllegalArgumentException("bad header value: Bearer s3cret.token",
                new IllegalStateException("s3cret.token again, by the.credential"));

        assertThat(RemoteTokenIntrospection.describe(failure, "s3cret.token", "the.credential")).isEqualTo(
                "IllegalArgumentException: bad header value: Bearer [token] <- IllegalStateException: [token] again,"
                        + " by [credential]");
    }

    @Test
    void aCredentialTheServerRefusesLeavesEveryTokenUncheckedNotRefused() {
        try (RemoteTokenIntrospection remote = new RemoteTokenIntrospection(authServer.uri(), Duration.ofSeconds(5),
                "stolen.or.revoked-credential")) {
            Introspection answer = remote.introspect(ScriptedAuthServer.JANE);

            assertThat(answer).isInstanceOfSatisfying(Introspection.Unavailable.class, unavailable -> assertThat(
                    unavailable.reason()).contains("refused this service's own credential")
                    .doesNotContain("stolen.or.revoked-credential"));
        }
        assertThat(authServer.requests()).singleElement().asString().contains("by Bearer stolen.or.revoked-credential");
    }

    @Test
    void anInactiveTokenIsRefusedAndAnAnswerWithoutItsUserIsUnavailable() {
        try (RemoteTokenIntrospection remote = new RemoteTokenIntrospection(authServer.uri(), Duration.ofSeconds(5),
                ScriptedAuthServer.SERVICE)) {
            assertThat(remote.introspect("revoked.or.forged")).isInstanceOf(Introspection.Refused.class);
            assertThat(remote.introspect(ScriptedAuthServer.GARBLED)).isInstanceOf(Introspection.Unavailable.class);
        }
    }
}
