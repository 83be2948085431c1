package dev.xiqauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.api.model.XiqGenerateApiTokenResponse;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.client.api.AuthenticationApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conveniences over the Authorization operations: a session's {@code tokenInfo()} and
 * {@code generateApiToken(...)}, and the client's {@code validate(token)}; what each sends and how each
 * answer, good or bad, reaches the caller.
 */
final class XiqAuthorizationCallsTest {
    private static final String LOGIN = "POST /login application/json {\"username\":\"jane\",\"password\":\"right\"}";

    private ScriptedXiqPeer peer;
    private XiqAuthClient xiq;

    @BeforeEach
    void start() throws IOException {
        peer = new ScriptedXiqPeer();
        xiq = XiqAuthClient.create(peer.uri());
    }

    @AfterEach
    void stop() {
        xiq.close();
        peer.close();
    }

    @Test
    void tokenInfoIntrospectsTheSessionsTokenWithItsBearerHeader() {
        XiqSession session = xiq.login("jane", "right");

        XiqApiTokenInfo info = session.tokenInfo();

        assertThat(info.getUserName()).isEqualTo(ScriptedXiqPeer.USER);
        assertThat(info.getUserId()).isEqualTo(4711L);
        assertThat(info.getRole()).isEqualTo(ScriptedXiqPeer.ROLE);
        assertThat(info.getScopes()).containsExactly("device:read");
        assertThat(info.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
        assertThat(peer.requests()).containsExactly(LOGIN, "GET /auth/apitoken/info Bearer token-1");
    }

    @Test
    void tokenInfoOfARevokedTokenIsA401CarryingTheXiqError() throws ApiException {
        XiqSession session = xiq.login("jane", "right");
        new AuthenticationApi(session.apiClient()).logout();

        XiqAuthException refused = catchThrowableOfType(XiqAuthException.class, session::tokenInfo);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.error()).map(XiqError::getErrorCode).contains("INVALID_TOKEN");
        assertThat(refused).hasMessageContaining("tokenInfo failed").hasMessageNotContaining("token-1");
    }

    @Test
    void tokenInfoOfAnUnreachableServerIsATypedExceptionWithoutStatus() {
        XiqSession session = xiq.login("jane", "right");
        peer.close();

        XiqAuthException unanswered = catchThrowableOfType(XiqAuthException.class, session::tokenInfo);

        assertThat(unanswered.status()).isZero();
        assertThat(unanswered).hasMessageContaining("no answer from the server");
    }

    @Test
    void generateApiTokenSendsEveryPartOfTheRequestWithTheSessionsToken() {
        XiqSession session = xiq.login("jane", "right");

        XiqGenerateApiTokenResponse token = session.generateApiToken(XiqApiTokenRequest.granting("device:read")
                .expiringAt(Instant.ofEpochSecond(1_798_761_600L))
                .describedAs("Inventory export job")
                .withRateLimit(new XiqRateLimitPolicy(100L).second(2L)));

        assertThat(token.getAccessToken()).isEqualTo("api-token-1");
        assertThat(token.getPermissions()).containsExactly("device:read");
        assertThat(token.getCreatorId()).isEqualTo(4711L);
        assertThat(token.getExpireTime().toInstant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(peer.requests()).containsExactly(LOGIN, "POST /auth/apitoken Bearer token-1 application/json "
                + "{\"permissions\":[\"device:read\"],\"expire_time\":1798761600,\"description\":\"Inventory export job\","
                + "\"rate_limit\":{\"hour\":100,\"second\":2}}");
    }

    @Test
    void generateApiTokenWithPermissionsOnlySendsNoOptionalField() {
        XiqSession session = xiq.login("jane", "right");

        session.generateApiToken(XiqApiTokenRequest.granting(List.of("device:read", "client:read")));

        assertThat(peer.requests()).last().isEqualTo("POST /auth/apitoken Bearer token-1 application/json "
                + "{\"permissions\":[\"device:read\",\"client:read\"]}");
    }

    @Test
    void expiryIsSentInWholeSecondsSoTheTokenNeverOutlivesTheInstantGiven() {
        XiqSession session = xiq.login("jane", "right");

        session.generateApiToken(XiqApiTokenRequest.granting("device:read")
                .expiringAt(Instant.ofEpochSecond(1_798_761_600L, 900_000_000)));

        assertThat(peer.requests()).last().asString().contains("\"expire_time\":1798761600}");
    }

    @Test
    void refusedGenerationIsA403CarryingAccessDenied() {
        XiqSession session = xiq.login("jane", "right");

        XiqAuthException refused = catchThrowableOfType(XiqAuthException.class,
                () -> session.generateApiToken(XiqApiTokenRequest.granting("device:write")));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).map(XiqError::getErrorCode).contains("ACCESS_DENIED");
        assertThat(refused).hasMessageContaining("generateApiToken failed: HTTP 403 ACCESS_DENIED (error_id e4)");
    }

    @Test
    void apiTokenRequestIsImmutableAndCopiesTheRateLimit() {
        XiqRateLimitPolicy policy = new XiqRateLimitPolicy(100L);
        XiqApiTokenRequest plain = XiqApiTokenRequest.granting("device:read");
        XiqApiTokenRequest limited = plain.withRateLimit(policy);
        policy.hour(999_999L);

        assertThat(plain.toModel().getRateLimit()).isNull();
        assertThat(plain.describedAs("x").toModel().getDescription()).isEqualTo("x");
        assertThat(plain.toModel().getDescription()).isNull();
        assertThat(limited.toModel().getRateLimit().getHour()).isEqualTo(100L);
    }

    @Test
    void apiTokenRequestNeedsAtLeastOneNamedPermission() {
        assertThatThrownBy(() -> XiqApiTokenRequest.granting()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one permission");
        assertThatThrownBy(() -> XiqApiTokenRequest.granting("device:read", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XiqApiTokenRequest.granting("device:read", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void validateSendsTheBareTokenAsPlainTextToTheColonValidatePath() {
        xiq.login("jane", "right");

        assertThat(xiq.validate("token-1")).isTrue();

        assertThat(peer.requests()).as("the literal ':validate', text/plain, the token unquoted, no credentials")
                .containsExactly(LOGIN, "POST /auth/apitoken/:validate text/plain authorization=null token-1");
    }

    @Test
    void validateSaysFalseForATokenTheServerRefuses() {
        assertThat(xiq.validate("token-99")).isFalse();
        assertThat(peer.requests()).hasSize(1);
    }

    @Test
    void validateSaysFalseForAnEmptyTokenWithoutAsking() {
        assertThat(xiq.validate("")).isFalse();
        assertThat(peer.requests()).isEmpty();
    }

    @Test
    void validateThrottledIsA429NotAnAnswer() {
        XiqAuthException throttled = catchThrowableOfType(XiqAuthException.class, () -> xiq.validate("overloaded"));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.error()).map(XiqError::getErrorCode).contains("RATE_LIMITED");
        assertThat(throttled).hasMessageContaining("validate failed: HTTP 429");
    }

    @Test
    void validateWhileTheServerCannotCheckIsA503NotAnAnswer() {
        XiqAuthException unavailable = catchThrowableOfType(XiqAuthException.class, () -> xiq.validate("unavailable"));

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.error()).map(XiqError::getErrorCode).contains("SERVICE_UNAVAILABLE");
    }

    @Test
    void validateAgainstAnUnreachableServerIsATypedExceptionWithoutStatus() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (XiqAuthClient unreachable = XiqAuthClient.builder(URI.create("http://127.0.0.1:" + closedPort))
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            XiqAuthException unanswered = catchThrowableOfType(XiqAuthException.class,
                    () -> unreachable.validate("token-1"));

            assertThat(unanswered.status()).isZero();
            assertThat(unanswered).hasMessageContaining("validate failed: no answer from the server");
        }
    }
}
