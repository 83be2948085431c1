package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.store.PostgresSchema;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.User;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults a lease must survive, with real processes where the fault is a process's: a guard or an instance
 * frozen (SIGSTOP) or killed (SIGKILL) while it holds a lease, the store's connections all cut (as a PostgreSQL
 * restart cuts them, notifications lost with them), instances whose clocks are a minute ahead and behind. In none
 * is a token accepted after its logout's 200, no logout waits past the lease, and every view recovers by itself.
 */
final class LeaseFaultsTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "a passphrase for faults";
    private static final String ISSUER = "https://auth.faults.test";
    /** The lease (4 s), and what a logout takes beyond it. */
    private static final Duration AT_MOST_A_LEASE = Duration.ofMillis(4_900);
    private static final Duration ACKNOWLEDGED = Duration.ofMillis(1_000);

    @TempDir
    Path dir;

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    /** For the guarded service, whose answers are its own, not this server's contract's. */
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpLogin logins = new HttpLogin(http, USER, PASSWORD);

    private static Map<String, String> secrets() {
        return Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD,
                "XIQ_AUTH_SIGNING_KEY", Base64.getEncoder().encodeToString(TestServers.KEY.secret()));
    }

    private static RunningServer start(StoreSettings store, Clock clock) throws IOException {
        ServerSettings settings = TestServers.settings(store, 0, ISSUER);
        return CompositionRoot.start(settings, new Secrets(secrets()), clock,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Tokens dated two minutes ago, so that an instance whose clock is a minute behind accepts them too. */
    private static AccessTokenService minter() {
        return new AccessTokenService(new StaticKeyRing(TestServers.KEY),
                new TokenSettings(ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), "xiq",
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2)), new SecureRandom());
    }

    private User user(RunningServer server) throws Exception {
        long userId = SignedJWT.parse(logins.token(server.baseUri())).getJWTClaimsSet().getLongClaim("user_id");
        return new User(userId, USER, "unused", "ADMINISTRATOR", Optional.empty(), true, Instant.EPOCH);
    }

    private Duration logout(URI server, String token) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.resolve("logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private int status(URI whoami, String token) throws Exception {
        return plain.send(HttpRequest.newBuilder(whoami).header("Authorization", "Bearer " + token).GET()
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits until a logout is acknowledged rather than waited out: every view with a lease answers again. */
    private void awaitAcknowledgedLogouts(URI server, AccessTokenService minter, User user) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (logout(server, minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken())
                .compareTo(ACKNOWLEDGED) > 0) {
            assertThat(System.nanoTime() - deadline).as("logouts acknowledged again within 15 s").isNegative();
        }
    }

    /** A guarded service in a process of its own. */
    private record GuardProcess(Process process, URI whoami) implements AutoCloseable {
        static GuardProcess start(URI authServer, Path credentialFile) throws Exception {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GuardedServiceMain.class.getName(),
                    authServer.toString(), credentialFile.toString()).redirectErrorStream(true).start();
            CompletableFuture<URI> serving = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("serving ")) {
                            serving.complete(URI.create(line.substring("serving ".length()).strip()));
                        }
                    }
                } catch (IOException ended) {
                    // The process is gone.
                }
                serving.completeExceptionally(new IOException("the guarded service ended"));
            }, "guard-output");
            reader.setDaemon(true);
            reader.start();
            try {
                return new GuardProcess(process, serving.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            ProcessHandle.of(process.pid()).ifPresent(handle -> {
                try {
                    ProcessSignals.thaw(handle.pid());
                } catch (IOException | InterruptedException e) {
                    // Gone already.
                }
            });
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path credentialFile(RunningServer server) throws Exception {
        String credential = logins.apiToken(server.baseUri(), logins.token(server.baseUri()),
                "{\"permissions\":[\"token:introspect\"]}");
        return Files.writeString(dir.resolve("credential"), credential);
    }

    @Test
    void aGuardProcessFrozenWithItsLeaseDelaysALogoutAtMostTheLeaseAndRefusesTheTokenWhenItWakes() throws Exception {
        try (RunningServer server = start(StoreSettings.embedded(dir.resolve("data")), Clock.systemUTC());
                GuardProcess guard = GuardProcess.start(server.baseUri(), credentialFile(server))) {
            AccessTokenService minter = minter();
            User user = user(server);
            String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
            assertThat(status(guard.whoami(), token)).isEqualTo(200);
            assertThat(status(guard.whoami(), token)).isEqualTo(200);

            ProcessSignals.freeze(guard.process().pid());
            Duration took = logout(server.baseUri(), token);
            ProcessSignals.thaw(guard.process().pid());

            assertThat(took).as("the logout waited out the frozen guard's lease, no more")
                    .isBetween(Duration.ofMillis(1_000), AT_MOST_A_LEASE);
            assertThat(status(guard.whoami(), token)).as("refused once it wakes").isEqualTo(401);
            awaitAcknowledgedLogouts(server.baseUri(), minter, user);
            String next = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
            assertThat(status(guard.whoami(), next)).isEqualTo(200);
            assertThat(logout(server.baseUri(), next)).as("recovered: acknowledged").isLessThan(ACKNOWLEDGED);
            assertThat(status(guard.whoami(), next)).isEqualTo(401);
        }
    }

    @Test
    void aGuardProcessKilledWithItsLeaseDelaysOneLogoutAtMostTheLeaseAndNoMore() throws Exception {
        try (RunningServer server = start(StoreSettings.embedded(dir.resolve("data")), Clock.systemUTC())) {
            AccessTokenService minter = minter();
            User user = user(server);
            try (GuardProcess guard = GuardProcess.start(server.baseUri(), credentialFile(server))) {
                assertThat(status(guard.whoami(), minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken()))
                        .isEqualTo(200);
                guard.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            assertThat(logout(server.baseUri(), minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken()))
                    .isLessThan(AT_MOST_A_LEASE);
            assertThat(logout(server.baseUri(), minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken()))
                    .as("its lease is over: not waited for again").isLessThan(ACKNOWLEDGED);
        }
    }

    private ServerProcess startProcess(PostgresSchema schema) throws Exception {
        Map<String, String> environment = new HashMap<>(secrets());
        environment.put("XIQ_AUTH_DB_USER", schema.user());
        environment.put("XIQ_AUTH_DB_PASSWORD", schema.password());
        return ServerProcess.startShared(environment, "--db-url", schema.jdbcUrl(), "--issuer", ISSUER);
    }

    @Test
    void anInstanceKilledOrFrozenWithItsLeaseDelaysALogoutAtMostTheLeaseAndAFrozenOneRefusesWhenItWakes()
            throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer a = start(schema.settings(), Clock.systemUTC())) {
            AccessTokenService minter = minter();
            User user = user(a);
            try (ServerProcess frozen = startProcess(schema)) {
                awaitFromMemory(frozen.baseUri());
                awaitAcknowledgedLogouts(a.baseUri(), minter, user);
                String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
                assertThat(logins.introspectionStatus(frozen.baseUri(), token)).isEqualTo(200);

                ProcessSignals.freeze(frozen.pid());
                Duration took;
                try {
                    took = logout(a.baseUri(), token);
                } finally {
                    ProcessSignals.thaw(frozen.pid());
                }

                assertThat(took).isBetween(Duration.ofMillis(1_000), AT_MOST_A_LEASE);
                assertThat(logins.introspectionStatus(frozen.baseUri(), token)).as("refused once it wakes")
                        .isEqualTo(401);
                awaitAcknowledgedLogouts(a.baseUri(), minter, user);

                frozen.kill();
                assertThat(logout(a.baseUri(), minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken()))
                        .as("killed: waited out once").isLessThan(AT_MOST_A_LEASE);
                assertThat(logout(a.baseUri(), minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken()))
                        .as("and no more").isLessThan(ACKNOWLEDGED);
            }
        }
    }

    @Test
    void everyStoreConnectionCutAsARestartCutsThemLosesNoRevocationAndTheViewsRecoverByThemselves()
            throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer a = start(schema.settings(), Clock.systemUTC());
                RunningServer b = start(schema.settings(), Clock.systemUTC())) {
            AccessTokenService minter = minter();
            User user = user(a);
            awaitAcknowledgedLogouts(a.baseUri(), minter, user);

            try (Connection admin = DriverManager.getConnection(schema.jdbcUrl(), schema.user(), schema.password());
                    Statement cut = admin.createStatement()) {
                cut.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid()");
            }
            // Notifications sent while the listeners reconnect are lost; the logouts that follow are exact anyway.
            int accepted = 0;
            for (int round = 0; round < 50; round++) {
                String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
                RunningServer revoking = round % 2 == 0 ? a : b;
                RunningServer checking = revoking == a ? b : a;
                int status = 503;
                for (int attempt = 0; attempt < 50 && status == 503; attempt++) {
                    status = http.send(HttpRequest.newBuilder(revoking.baseUri().resolve("logout"))
                            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                            .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                    if (status == 503) {
                        Thread.sleep(100);
                    }
                }
                assertThat(status).as("round %d: the logout", round).isEqualTo(200);
                if (logins.introspectionStatus(checking.baseUri(), token) != 401) {
                    accepted++;
                }
            }
            assertThat(accepted).as("revoked tokens the other instance accepted").isZero();
            for (RunningServer server : List.of(a, b)) {
                awaitAcknowledgedLogouts(server.baseUri(), minter, user);
                assertThat(metric(server, "xiq_auth_token_checks_from_memory")).as("answers from memory again")
                        .isEqualTo(1.0);
            }
        }
    }

    @Test
    void instancesWhoseClocksAreAMinuteAheadAndBehindHonourEveryLogoutAtOnce() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                RunningServer ahead = start(schema.settings(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
                RunningServer behind = start(schema.settings(),
                        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1)));
                RunningServer onTime = start(schema.settings(), Clock.systemUTC())) {
            AccessTokenService minter = minter();
            User user = user(onTime);
            List<RunningServer> instances = List.of(ahead, behind, onTime);
            int accepted = 0;
            for (int round = 0; round < 90; round++) {
                String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
                RunningServer revoking = instances.get(round % 3);
                for (RunningServer server : instances) {
                    assertThat(logins.introspectionStatus(server.baseUri(), token)).as("round %d: accepted", round)
                            .isEqualTo(200);
                }
                assertThat(logout(revoking.baseUri(), token)).as("round %d: acknowledged, never waited out", round)
                        .isLessThan(ACKNOWLEDGED);
                for (RunningServer server : instances) {
                    if (server != revoking && logins.introspectionStatus(server.baseUri(), token) != 401) {
                        accepted++;
                    }
                }
            }
            assertThat(accepted).as("revoked tokens an instance accepted").isZero();
        }
    }

    /** Waits until the instance answers checks from memory: its view holds a lease. */
    private void awaitFromMemory(URI server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metric(server, "xiq_auth_token_checks_from_memory") != 1.0) {
            assertThat(System.nanoTime() - deadline).as("from memory within 30 s").isNegative();
            Thread.sleep(50);
        }
    }

    private double metric(RunningServer server, String name) throws Exception {
        return metric(server.baseUri(), name);
    }

    private double metric(URI server, String name) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(server.resolve("metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in " + metrics));
    }
}
