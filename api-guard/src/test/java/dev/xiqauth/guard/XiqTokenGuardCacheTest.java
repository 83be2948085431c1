package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The opt-in cache of positive answers: for 30 s here, two entries at most, on the test's clock. What it saves,
 * and what it costs: a revoked token is accepted until its entry expires.
 */
final class XiqTokenGuardCacheTest extends GuardedServiceTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @Override
    protected XiqTokenGuard.Builder guard(XiqTokenGuard.Builder settings) {
        return settings.cacheFor(TTL).cacheSize(2);
    }

    @Test
    void secondRequestWithinTheTimeToLiveDoesNotAskTheServer() {
        assertThat(get("whoami", ScriptedAuthServer.JANE).getStatus()).isEqualTo(200);
        clock.advance(TTL.minusSeconds(1));

        assertThat(get("whoami", ScriptedAuthServer.JANE).readEntity(String.class)).startsWith("jane id=4711 role=Operator");
        assertThat(authServer.introspections()).isOne();
    }

    @Test
    void requestAfterTheTimeToLiveAsksTheServerAgain() {
        get("whoami", ScriptedAuthServer.JANE);
        clock.advance(TTL);

        assertThat(get("whoami", ScriptedAuthServer.JANE).getStatus()).isEqualTo(200);
        assertThat(authServer.introspections()).isEqualTo(2);
    }

    @Test
    void cachedAnswerDelaysALogoutByUpToTheTimeToLive() {
        get("whoami", ScriptedAuthServer.JANE);
        authServer.revoke(ScriptedAuthServer.JANE);

        clock.advance(TTL.minusSeconds(1));
        assertThat(get("whoami", ScriptedAuthServer.JANE).getStatus()).as("the documented cost").isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertGuardError(get("whoami", ScriptedAuthServer.JANE), 401, "INVALID_TOKEN");
    }

    @Test
    void cachedAnswerNeverOutlivesTheTokensExpiry() {
        get("whoami", ScriptedAuthServer.SHORT_LIVED);
        clock.advance(Duration.ofSeconds(10));

        get("whoami", ScriptedAuthServer.SHORT_LIVED);

        assertThat(authServer.introspections()).as("the token expired at 10:00:10, before the TTL").isEqualTo(2);
    }

    @Test
    void refusalsAreNeverCached() {
        assertGuardError(get("whoami", "revoked.or.forged"), 401, "INVALID_TOKEN");
        assertGuardError(get("whoami", "revoked.or.forged"), 401, "INVALID_TOKEN");
        assertGuardError(get("whoami", ScriptedAuthServer.BUSY), 503, "SERVICE_UNAVAILABLE");
        assertGuardError(get("whoami", ScriptedAuthServer.BUSY), 503, "SERVICE_UNAVAILABLE");

        assertThat(authServer.introspections()).isEqualTo(4);
    }

    @Test
    void eachTokenHasItsOwnEntry() {
        get("whoami", ScriptedAuthServer.JANE);

        assertThat(get("whoami", ScriptedAuthServer.ADA).readEntity(String.class)).startsWith("ada ");
        assertThat(get("whoami", ScriptedAuthServer.JANE).readEntity(String.class)).startsWith("jane ");
        assertThat(authServer.introspections()).isEqualTo(2);
    }

    @Test
    void fullCachePushesOutItsOldestEntry() {
        get("whoami", ScriptedAuthServer.JANE);
        get("whoami", ScriptedAuthServer.ADA);
        get("whoami", ScriptedAuthServer.BOB);

        get("whoami", ScriptedAuthServer.BOB);
        get("whoami", ScriptedAuthServer.ADA);
        assertThat(authServer.introspections()).as("bob and ada are still held").isEqualTo(3);
        get("whoami", ScriptedAuthServer.JANE);
        assertThat(authServer.introspections()).as("jane was pushed out").isEqualTo(4);
    }

    @Test
    void rolesAndPermissionsAreEnforcedOnCachedAnswersToo() {
        get("whoami", ScriptedAuthServer.JANE);

        assertGuardError(get("admin", ScriptedAuthServer.JANE), 403, "ACCESS_DENIED");
        assertGuardError(get("fleet/reboot", ScriptedAuthServer.JANE), 403, "ACCESS_DENIED");
        assertThat(authServer.introspections()).isOne();
    }
}
