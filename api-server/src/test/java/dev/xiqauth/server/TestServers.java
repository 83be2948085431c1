package dev.xiqauth.server;

import dev.xiqauth.server.config.HashingSettings;
import dev.xiqauth.server.config.HttpSettings;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.config.TokenIssuingSettings;
import dev.xiqauth.server.login.InMemoryKnownClientStore;
import dev.xiqauth.server.login.InMemoryLoginFailureStore;
import dev.xiqauth.server.ratelimit.InMemoryQuotaLedger;
import dev.xiqauth.server.token.InMemoryApiTokenStore;
import dev.xiqauth.server.token.InMemoryRevocationStore;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.Argon2Parameters;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.DecoyHash;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fixtures for tests that run the application: known users, a known key and a clock the test
 * controls. The hasher is the production one with the production parameters.
 */
public final class TestServers {
    public static final String ISSUER = "https://auth.test.example";
    public static final String REALM = "xiq";
    public static final String USERNAME = "jane.doe@example.com";
    public static final String PASSWORD = "correct horse battery staple";
    public static final String DISABLED_USERNAME = "former.employee@example.com";
    public static final String DISABLED_PASSWORD = "still remembered password";
    public static final long USER_ID = 4_711L;
    public static final TenantAttributes TENANT = new TenantAttributes(917_000L, 0, true, 42L, 7L, "US-EAST");
    public static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    public static final Duration LIFETIME = Duration.ofDays(1);
    public static final PasswordHasher HASHER = new Argon2idPasswordHasher(Argon2Parameters.OWASP_MINIMUM, 2);
    public static final SigningKey KEY = keyOf('k');

    private static final String PASSWORD_HASH = HASHER.hash(PASSWORD);
    private static final String DISABLED_PASSWORD_HASH = HASHER.hash(DISABLED_PASSWORD);

    private TestServers() {
    }

    /** @return settings of a server on a free port over the given store, with a fixed issuer */
    public static ServerSettings settings(StoreSettings store, int port, String issuer) {
        return settings(store, port, issuer, List.of());
    }

    /** @return the same settings, believing X-Forwarded-For from the given proxies */
    public static ServerSettings settings(StoreSettings store, int port, String issuer, List<String> trustedProxies) {
        return ServerSettings.defaults(store)
                .withHttp(HttpSettings.defaults().withAddress("127.0.0.1", port).withTrustedProxies(trustedProxies)
                        .withWorkerThreads(16).withShutdownGrace(Duration.ofSeconds(5)))
                .withTokens(TokenIssuingSettings.defaults().withIssuer(issuer).withLifetime(LIFETIME))
                .withHashing(new HashingSettings(Argon2Parameters.OWASP_MINIMUM, 2, 4));
    }

    /** @return settings serving {@code /metrics} and {@code /health} on a free port of their own */
    public static ServerSettings withOperationsPort(ServerSettings settings) {
        return settings.withHttp(settings.http().withOperationsAddress("127.0.0.1", 0));
    }

    /**
     * @return a signing key of 256 bits named by a letter: the same letter, the same key. Its bytes are the SHA-256
     *     of the letter, as random-looking as a real key must be.
     */
    public static SigningKey keyOf(char name) {
        try {
            return new SigningKey(MessageDigest.getInstance("SHA-256")
                    .digest(("xiq-auth test key " + name).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return a directory holding the enabled user (with tenant attributes) and the disabled one */
    public static InMemoryUserDirectory users() {
        InMemoryUserDirectory users = new InMemoryUserDirectory();
        users.put(new User(USER_ID, USERNAME, PASSWORD_HASH, "ADMINISTRATOR", Optional.of(TENANT), true,
                Instant.EPOCH));
        users.put(new User(USER_ID + 1, DISABLED_USERNAME, DISABLED_PASSWORD_HASH, "OPERATOR", Optional.empty(),
                false, Instant.EPOCH));
        return users;
    }

    /** @return the application over the standard fixtures, on the given clock */
    public static XiqAuthApplication.Builder application(MutableClock clock) {
        return application(clock, users());
    }

    /** @return the application over the given users, on the given clock */
    public static XiqAuthApplication.Builder application(MutableClock clock, UserDirectory users) {
        return XiqAuthApplication.builder()
                .users(users)
                .loginFailures(new InMemoryLoginFailureStore())
                .knownClients(new InMemoryKnownClientStore())
                .hasher(HASHER)
                .decoy(DecoyHash.sample(users, Argon2Parameters.OWASP_MINIMUM))
                .revocations(new InMemoryRevocationStore(clock))
                .apiTokens(new InMemoryApiTokenStore(clock, users::findById))
                .quotas(new InMemoryQuotaLedger())
                .keys(new StaticKeyRing(KEY))
                .tokenSettings(new TokenSettings(ISSUER, LIFETIME, Duration.ofSeconds(30)))
                .realm(REALM)
                .clock(clock);
    }
}
