package dev.xiqauth.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.IssuedToken;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.Argon2Parameters;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.DecoyHash;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

final class LoginServiceTest {
    private static final LoginClient CLIENT = new LoginClient("192.0.2.1", "192.0.2.1");
    private static final LoginClient OTHER_CLIENT = new LoginClient("192.0.2.2", "192.0.2.2");

    /** The production hasher, counting its work. */
    private static final class CountingHasher implements PasswordHasher {
        private final PasswordHasher delegate;
        private final List<String> verifiedAgainst = new ArrayList<>();
        private int hashes;

        CountingHasher(PasswordHasher delegate) {
            this.delegate = delegate;
        }

        @Override
        public String hash(String password) {
            hashes++;
            return delegate.hash(password);
        }

        @Override
        public boolean verify(String encodedHash, String password) {
            verifiedAgainst.add(encodedHash);
            return delegate.verify(encodedHash, password);
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return delegate.needsRehash(encodedHash);
        }
    }

    private final MutableClock clock = new MutableClock(TestServers.START);
    private final InMemoryUserDirectory users = TestServers.users();
    private final CountingHasher hasher = new CountingHasher(TestServers.HASHER);
    private final AccessTokenService tokens = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
            new TokenSettings(TestServers.ISSUER, Duration.ofHours(1), Duration.ZERO), "xiq", clock, new SecureRandom());
    private final LoginService login = service(hasher);

    private LoginService service(PasswordHasher withHasher) {
        return service(users, withHasher, DecoyHash.sample(users, Argon2Parameters.OWASP_MINIMUM),
                ThrottlePolicy.PER_USERNAME, ThrottlePolicy.PER_ADDRESS);
    }

    private LoginService service(UserDirectory directory, PasswordHasher withHasher, DecoyHash decoy,
            ThrottlePolicy perUsername, ThrottlePolicy perAddress) {
        return new LoginService(directory, withHasher, tokens, new LoginThrottle(new InMemoryLoginFailureStore(),
                new InMemoryKnownClientStore(), perUsername, perAddress, ThrottlePolicy.PER_KNOWN_CLIENT,
                Duration.ofDays(30), clock), RateLimitPolicy.XIQ_DEFAULT, RateLimitPolicy.XIQ_DEFAULT,
                new AuditLog(), AuthMetrics.NONE, decoy);
    }

    private void assertFailsAfterExactlyOneVerification(String username, String password) {
        hasher.verifiedAgainst.clear();

        ApiProblem failure = catchThrowableOfType(ApiProblem.class,
                () -> login.login(username, password, CLIENT, Optional.empty()));

        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(hasher.verifiedAgainst).as("hash work for " + username).hasSize(1);
        assertThat(hasher.verifiedAgainst.get(0)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void unknownUserCostsOneFullVerificationAgainstADecoyWithTheConfiguredParameters() {
        assertFailsAfterExactlyOneVerification("nobody@example.com", "whatever");
    }

    /**
     * After a restart with stronger parameters, most stored hashes keep the old ones until their users log
     * in again. A wrong password costs what its stored hash costs; an unknown user must cost the same, not
     * what the configured parameters cost. The two failure paths are measured alternately, many times each,
     * and their medians compared with a wide margin: the difference to catch is a factor of about 3.
     */
    @Test
    void unknownUserFailsInAboutTheTimeOfAWrongPasswordWhenMostStoredHashesHaveOlderParameters() {
        Argon2Parameters before = Argon2Parameters.OWASP_MINIMUM;
        Argon2Parameters configured = new Argon2Parameters(before.memoryKib(), 3 * before.iterations(), 1);
        PasswordHasher oldHasher = new Argon2idPasswordHasher(before);
        PasswordHasher newHasher = new Argon2idPasswordHasher(configured);
        InMemoryUserDirectory population = new InMemoryUserDirectory();
        int oldUsers = 4;
        for (int i = 0; i < oldUsers; i++) {
            population.add("old" + i + "@example.com", oldHasher.hash("password " + i), "OPERATOR", Optional.empty());
        }
        population.add("upgraded@example.com", newHasher.hash("a new password"), "OPERATOR", Optional.empty());
        ThrottlePolicy never = new ThrottlePolicy(1_000_000, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        LoginService restarted = service(population, newHasher, DecoyHash.sample(population, configured), never, never);

        int samples = 31;
        long[] wrongPassword = new long[samples];
        long[] unknownUser = new long[samples];
        failureNanos(restarted, "old0@example.com");
        failureNanos(restarted, "warm-up@example.com");
        for (int i = 0; i < samples; i++) {
            // Alternate which goes first, so that neither gains from what the other warmed up.
            if (i % 2 == 0) {
                wrongPassword[i] = failureNanos(restarted, "old" + (i % oldUsers) + "@example.com");
                unknownUser[i] = failureNanos(restarted, "nobody" + i + "@example.com");
            } else {
                unknownUser[i] = failureNanos(restarted, "nobody" + i + "@example.com");
                wrongPassword[i] = failureNanos(restarted, "old" + (i % oldUsers) + "@example.com");
            }
        }

        double ratio = (double) median(unknownUser) / median(wrongPassword);
        assertThat(ratio).as("median unknown user %.1f ms / median wrong password %.1f ms",
                median(unknownUser) / 1e6, median(wrongPassword) / 1e6).isBetween(1 / 1.5, 1.5);
    }

    private static long failureNanos(LoginService service, String username) {
        long started = System.nanoTime();
        ApiProblem failure = catchThrowableOfType(ApiProblem.class,
                () -> service.login(username, "not the password", new LoginClient("192.0.2.9", "192.0.2.9"),
                        Optional.empty()));
        long took = System.nanoTime() - started;
        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        return took;
    }

    private static long median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void wrongPasswordCostsOneVerification() {
        assertFailsAfterExactlyOneVerification(TestServers.USERNAME, "wrong");
    }

    @Test
    void disabledUserCostsOneVerificationEvenWithTheRightPassword() {
        assertFailsAfterExactlyOneVerification(TestServers.DISABLED_USERNAME, TestServers.DISABLED_PASSWORD);
    }

    @Test
    void aNameNoUserMayHaveFailsAsAnUnknownUserAtTheSameCostEvenWithTheRightPassword() {
        assertFailsAfterExactlyOneVerification("jane.doe\u200b@example.com", TestServers.PASSWORD);
        assertFailsAfterExactlyOneVerification("jane.doe@example.com\u00a0", TestServers.PASSWORD);
    }

    @Test
    void aUserStoredBeforeNamesWereCheckedStillLogsInUnderItsNameAsStored() {
        String legacy = "legacy\u200b@example.com";
        User jane = users.findByUsername(TestServers.USERNAME).orElseThrow();
        users.put(new User(jane.userId() + 100, legacy, jane.passwordHash(), "OPERATOR", Optional.empty(), true,
                Instant.EPOCH));

        IssuedToken token = login.login(legacy, TestServers.PASSWORD, CLIENT, Optional.empty());

        assertThat(tokens.verify(token.accessToken()).subject()).isEqualTo(legacy);
    }

    @Test
    void aNameIsLookedUpInItsStoredFormWithoutSurroundingSpaces() {
        IssuedToken token = login.login("  " + TestServers.USERNAME + " ", TestServers.PASSWORD, CLIENT,
                Optional.empty());

        assertThat(tokens.verify(token.accessToken()).subject()).isEqualTo(TestServers.USERNAME);
    }

    @Test
    void rightPasswordIssuesATokenAfterOneVerification() {
        hasher.verifiedAgainst.clear();

        IssuedToken token = login.login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT, Optional.empty());

        assertThat(tokens.verify(token.accessToken()).subject()).isEqualTo(TestServers.USERNAME);
        assertThat(hasher.verifiedAgainst).hasSize(1);
    }

    @Test
    void hashWeakerThanConfiguredIsUpgradedOnSuccessfulLoginOnly() {
        PasswordHasher stronger = new Argon2idPasswordHasher(new Argon2Parameters(24 * 1024, 3, 1));
        LoginService upgrading = service(stronger);

        catchThrowableOfType(ApiProblem.class,
                () -> upgrading.login(TestServers.USERNAME, "wrong", CLIENT, Optional.empty()));
        assertThat(users.findByUsername(TestServers.USERNAME).orElseThrow().passwordHash())
                .as("a failed login changes nothing").startsWith("$argon2id$v=19$m=19456,t=2,p=1$");

        upgrading.login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT, Optional.empty());

        String upgraded = users.findByUsername(TestServers.USERNAME).orElseThrow().passwordHash();
        assertThat(upgraded).startsWith("$argon2id$v=19$m=24576,t=3,p=1$");
        assertThat(stronger.verify(upgraded, TestServers.PASSWORD)).isTrue();
        assertThat(stronger.needsRehash(upgraded)).isFalse();
    }

    @Test
    void requestedQuotaAboveTheMaximumIsCappedAndBelowItIsKept() throws Exception {
        IssuedToken greedy = login.login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT,
                Optional.of(new RateLimitPolicy(1_000_000, OptionalLong.of(1_000))));
        IssuedToken modest = login.login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT,
                Optional.of(new RateLimitPolicy(100, OptionalLong.of(5))));
        IssuedToken unasked = login.login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT, Optional.empty());

        assertThat(quotaOf(greedy)).isEqualTo("7500;w=3600, 1000;w=1");
        assertThat(quotaOf(modest)).isEqualTo("100;w=3600, 5;w=1");
        assertThat(quotaOf(unasked)).isEqualTo("7500;w=3600");
    }

    private static String quotaOf(IssuedToken token) throws ParseException {
        return SignedJWT.parse(token.accessToken()).getJWTClaimsSet().getStringClaim("quota");
    }

    @Test
    void throttledLoginCostsOneVerificationAndIs429EvenWithTheRightPassword() {
        for (int i = 0; i < ThrottlePolicy.PER_USERNAME.budget(); i++) {
            catchThrowableOfType(ApiProblem.class,
                    () -> login.login(TestServers.USERNAME, "wrong", CLIENT, Optional.empty()));
        }
        hasher.verifiedAgainst.clear();

        ApiProblem throttled = catchThrowableOfType(ApiProblem.class,
                () -> login.login(TestServers.USERNAME, TestServers.PASSWORD, OTHER_CLIENT, Optional.empty()));

        assertThat(throttled.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(throttled.headers()).containsEntry("Retry-After", "30");
        assertThat(hasher.verifiedAgainst).hasSize(1);
    }

    @Test
    void passwordChangedWhileTheHashRanYieldsNoToken() {
        PasswordHasher changingMidway = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return TestServers.HASHER.hash(password);
            }

            @Override
            public boolean verify(String encodedHash, String password) {
                boolean matches = TestServers.HASHER.verify(encodedHash, password);
                users.changePassword(TestServers.USERNAME, "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3", clock.instant());
                return matches;
            }

            @Override
            public boolean needsRehash(String encodedHash) {
                return false;
            }
        };

        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> service(changingMidway)
                .login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT, Optional.empty()));

        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(refused.getMessage()).contains("changed during the login");
    }

    @Test
    void hashAsStrongAsConfiguredIsLeftAlone() {
        String before = users.findByUsername(TestServers.USERNAME).orElseThrow().passwordHash();
        int hashesBefore = hasher.hashes;

        login.login(TestServers.USERNAME, TestServers.PASSWORD, CLIENT, Optional.empty());

        assertThat(users.findByUsername(TestServers.USERNAME).orElseThrow().passwordHash()).isEqualTo(before);
        assertThat(hasher.hashes).isEqualTo(hashesBefore);
    }
}
