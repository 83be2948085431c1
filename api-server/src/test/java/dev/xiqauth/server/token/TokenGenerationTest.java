package dev.xiqauth.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.metrics.MicrometerAuthMetrics;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A token issued from a user as read before its password changed, or before it was disabled, is refused, however
 * late it was signed: its {@code iat} after the change cannot save it (issue #20: a login or a mint checked before
 * the change and served after it handed out tokens that stayed alive).
 */
final class TokenGenerationTest {
    private final MutableClock clock = new MutableClock(TestServers.START);
    private final InMemoryUserDirectory users = new InMemoryUserDirectory();
    private final AccessTokenService tokens = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
            new TokenSettings(TestServers.ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), TestServers.REALM,
            clock, new SecureRandom());
    private final TokenAuthenticator authenticator = new TokenAuthenticator(tokens,
            new InMemoryRevocationStore(clock), new InMemoryApiTokenStore(clock, users::findById), users,
            PermissionCatalogue.defaults()::permissionsOf, TestServers.REALM,
            new MicrometerAuthMetrics(new SimpleMeterRegistry()));

    @Test
    void aTokenSignedAfterAPasswordChangeFromTheUserAsReadBeforeItIsRefused() {
        User readBefore = users.add("jane@example.com", "old hash", "OPERATOR", Optional.empty());
        users.changePassword("jane@example.com", "new hash", nextSecond());
        clock.advance(Duration.ofSeconds(2));

        String token = tokens.issue(readBefore, RateLimitPolicy.XIQ_DEFAULT).accessToken();

        assertThat(tokens.verify(token).issuedAt()).as("dated after the change")
                .isAfterOrEqualTo(users.findById(readBefore.userId()).orElseThrow().tokensValidAfter());
        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("earlier token generation");
        String fresh = tokens.issue(users.findById(readBefore.userId()).orElseThrow(), RateLimitPolicy.XIQ_DEFAULT)
                .accessToken();
        assertThat(authenticator.authenticate(fresh).user().userId()).isEqualTo(readBefore.userId());
    }

    @Test
    void aTokenSignedAfterADisablingAndEnablingFromTheUserAsReadBeforeIsRefused() {
        User readBefore = users.add("jane@example.com", "hash", "OPERATOR", Optional.empty());
        users.setEnabled("jane@example.com", false, nextSecond());
        users.setEnabled("jane@example.com", true, nextSecond());
        clock.advance(Duration.ofSeconds(2));

        String token = tokens.issue(readBefore, RateLimitPolicy.XIQ_DEFAULT).accessToken();

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("earlier token generation");
    }

    private Instant nextSecond() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
}
