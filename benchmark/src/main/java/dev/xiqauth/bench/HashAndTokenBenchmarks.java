package dev.xiqauth.bench;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.token.VerifiedToken;
import dev.xiqauth.server.user.Argon2Parameters;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-process costs: verifying a password with the hasher and parameters the server uses by
 * default, and signing and verifying a token. (JMH requires public, non-final benchmark classes.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HashAndTokenBenchmarks {
    private static final String PASSWORD = "benchmark password";

    private PasswordHasher hasher;
    private String hash;
    private AccessTokenService tokens;
    private User user;
    private String token;

    @Setup
    public void setUp() {
        hasher = new Argon2idPasswordHasher(Argon2Parameters.OWASP_MINIMUM, 1); // as the server hashes: on kept memory
        hash = hasher.hash(PASSWORD);
        tokens = new AccessTokenService(new StaticKeyRing(SigningKey.generate(new SecureRandom())),
                new TokenSettings("https://bench.test", Duration.ofDays(1), Duration.ofMinutes(1)), "xiq",
                Clock.systemUTC(), new SecureRandom());
        user = new User(1, "bench@example.com", hash, "ADMINISTRATOR", Optional.empty(), true, Instant.EPOCH);
        token = tokens.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
    }

    @Benchmark
    public boolean verifyPassword() {
        return hasher.verify(hash, PASSWORD);
    }

    @Benchmark
    public String signToken() {
        return tokens.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
    }

    @Benchmark
    public VerifiedToken verifyToken() {
        return tokens.verify(token);
    }
}
