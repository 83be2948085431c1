package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.metrics.MicrometerAuthMetrics;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.ratelimit.ClientRateLimiter;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenAuthenticator;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The services that issue and check API tokens, over real stores and the default catalogue, wired as the
 * application wires them: for tests of issuance against a database.
 */
final class ApiTokenServices {
    final AccessTokenService tokens;
    final TokenAuthenticator authenticator;
    final ApiTokenService apiTokens;

    /**
     * @param stores the stores
     * @param clock the time of issuing and checking
     * @param maxLivePerUser the most live API tokens one user may hold
     * @param perUserPerSecond how many API tokens one user may generate per second
     */
    ApiTokenServices(JdbcStores stores, Clock clock, int maxLivePerUser, long perUserPerSecond) {
        PermissionCatalogue catalogue = PermissionCatalogue.defaults();
        MicrometerAuthMetrics metrics = new MicrometerAuthMetrics(new SimpleMeterRegistry());
        this.tokens = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
                new TokenSettings(TestServers.ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), TestServers.REALM,
                clock, new SecureRandom());
        this.authenticator = new TokenAuthenticator(tokens, stores.revocations(), stores.apiTokens(), stores.users(),
                catalogue::permissionsOf, TestServers.REALM, metrics);
        this.apiTokens = new ApiTokenService(tokens, stores.apiTokens(), catalogue,
                RateLimitPolicy.XIQ_DEFAULT, RateLimitPolicy.XIQ_DEFAULT, maxLivePerUser,
                new ClientRateLimiter(clock, perUserPerSecond, ClientRateLimiter.DEFAULT_MAX_CLIENTS), TestServers.REALM,
                new AuditLog(), metrics, clock);
    }

    /** @return the user's new login token, as the Bearer filter hands it to a resource */
    AuthenticatedToken loggedIn(User user) {
        return authenticator.authenticate(tokens.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken());
    }
}
