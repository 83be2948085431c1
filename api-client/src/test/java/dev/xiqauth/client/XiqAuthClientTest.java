package dev.xiqauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.client.api.AuthenticationApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java entry point: sessions, expiry, re-authentication, timeouts and typed errors. */
final class XiqAuthClientTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private ScriptedXiqPeer peer;

    @BeforeEach
    void startPeer() throws IOException {
        peer = new ScriptedXiqPeer();
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    private XiqAuthClient client(boolean reauthenticate) {
        return XiqAuthClient.builder(peer.uri()).clock(clock).reauthenticate(reauthenticate).build();
    }

    @Test
    void sessionCarriesTheTokenAndLogsOutOnClose() {
        try (XiqAuthClient xiq = client(false)) {
            try (XiqSession session = xiq.login("jane", "right")) {
                assertThat(session.accessToken()).isEqualTo("token-1");
                assertThat(session.authorizationHeader()).isEqualTo("Bearer token-1");
                assertThat(session.expiresAt()).isEqualTo(START.plusSeconds(ScriptedXiqPeer.EXPIRES_IN));
                assertThat(session.isExpired()).isFalse();
            }
        }

        assertThat(peer.requests()).containsExactly(
                "POST /login application/json {\"username\":\"jane\",\"password\":\"right\"}",
                "POST /logout Bearer token-1");
    }

    @Test
    void apiClientOfASessionSendsItsToken() throws ApiException {
        try (XiqAuthClient xiq = client(false); XiqSession session = xiq.login("jane", "right")) {
            new AuthenticationApi(session.apiClient()).logout();
        }

        assertThat(peer.requests()).contains("POST /logout Bearer token-1");
    }

    @Test
    void expiredSessionSaysSoClearlyWhenItMayNotLogInAgain() {
        try (XiqAuthClient xiq = client(false)) {
            XiqSession session = xiq.login("jane", "right");
            now.set(START.plusSeconds(ScriptedXiqPeer.EXPIRES_IN - 10));

            assertThat(session.isExpired()).as("within the margin of 30 s").isTrue();
            assertThatThrownBy(session::accessToken).isInstanceOf(XiqSessionExpiredException.class)
                    .hasMessageContaining("log in again");
            now.set(START.plusSeconds(ScriptedXiqPeer.EXPIRES_IN + 1));
            session.close();
        }

        assertThat(peer.requests()).as("an expired token is not sent to be revoked").hasSize(1);
    }

    @Test
    void reauthenticatingSessionLogsInAgainBeforeItsTokenExpires() {
        try (XiqAuthClient xiq = client(true); XiqSession session = xiq.login("jane", "right")) {
            now.set(START.plusSeconds(ScriptedXiqPeer.EXPIRES_IN - 10));

            assertThat(session.accessToken()).isEqualTo("token-2");
            assertThat(session.expiresAt()).isEqualTo(now.get().plusSeconds(ScriptedXiqPeer.EXPIRES_IN));
        }

        assertThat(peer.requests()).as("the old token is left to expire: another thread may still use it")
                .containsExactly(
                        "POST /login application/json {\"username\":\"jane\",\"password\":\"right\"}",
                        "POST /login application/json {\"username\":\"jane\",\"password\":\"right\"}",
                        "POST /logout Bearer token-2");
    }

    @Test
    void refusedLoginIsATypedExceptionCarryingTheXiqError() {
        try (XiqAuthClient xiq = client(false)) {
            XiqAuthException refused = catchThrowableOfType(XiqAuthException.class, () -> xiq.login("jane", "wrong"));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.error()).map(XiqError::getErrorCode).contains("INVALID_CREDENTIALS");
            assertThat(refused).hasMessageContaining("error_id e1").hasMessageNotContaining("wrong");
        }
    }

    @Test
    void unreachableServerIsATypedExceptionWithoutStatus() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (XiqAuthClient xiq = XiqAuthClient.builder(URI.create("http://127.0.0.1:" + closedPort))
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            XiqAuthException unreachable = catchThrowableOfType(XiqAuthException.class, () -> xiq.login("jane", "right"));

            assertThat(unreachable.status()).isZero();
            assertThat(unreachable.error()).isEmpty();
            assertThat(unreachable).hasMessageContaining("no answer from the server");
        }
    }

    @Test
    void aSlowServerTimesOutAtTheReadTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0);
                XiqAuthClient xiq = XiqAuthClient.builder(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                        .readTimeout(Duration.ofMillis(300)).build()) {
            long started = System.nanoTime();
            XiqAuthException timedOut = catchThrowableOfType(XiqAuthException.class, () -> xiq.login("jane", "right"));

            assertThat(timedOut.status()).isZero();
            assertThat(timedOut).hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void onlyAnAbsoluteHttpUriIsAccepted() {
        assertThatThrownBy(() -> XiqAuthClient.create(URI.create("localhost:8081")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
