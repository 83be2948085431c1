package dev.xiqauth.client;

import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqGenerateApiTokenResponse;
import dev.xiqauth.api.model.XiqLoginResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A logged-in session of a {@link XiqAuthClient}: it carries the access token, knows when it
 * expires, and logs out (revoking the token) when closed. Safe for concurrent use.
 *
 * <p>When its client was built with {@code reauthenticate(true)}, {@link #accessToken()} logs in again
 * by itself shortly before the token expires; otherwise it throws {@link XiqSessionExpiredException}.
 */
public final class XiqSession implements AutoCloseable {
    /** How a session gets a new token. */
    @FunctionalInterface
    interface Credentials {
        XiqLoginResponse login();
    }

    private final XiqAuthClient client;
    private final Credentials credentials;
    private final Duration expiryMargin;
    private final Clock clock;
    private String accessToken;
    private Instant expiresAt;
    private Instant renewAt;
    private boolean closed;

    XiqSession(XiqAuthClient client, XiqLoginResponse login, Credentials credentials, Duration expiryMargin,
            Clock clock) {
        this.client = client;
        this.credentials = credentials;
        this.expiryMargin = expiryMargin;
        this.clock = clock;
        accept(login);
    }

    private void accept(XiqLoginResponse login) {
        Instant now = clock.instant();
        Duration lifetime = Duration.ofSeconds(login.getExpiresIn());
        // A margin longer than half the token's life would renew it at once, again and again.
        Duration margin = expiryMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : expiryMargin;
        this.accessToken = login.getAccessToken();
        this.expiresAt = now.plus(lifetime);
        this.renewAt = expiresAt.minus(margin);
    }

    /**
     * @return the access token, renewed first if it is about to expire and the session may log in again
     * @throws XiqSessionExpiredException if it expired and the session may not log in again
     * @throws XiqAuthException if logging in again failed
     * @throws IllegalStateException if the session was closed
     */
    public synchronized String accessToken() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        if (isExpired()) {
            if (credentials == null) {
                throw new XiqSessionExpiredException(expiresAt);
            }
            // The old token is not revoked: a thread that read it a moment ago may still be using it, and
            // it expires on its own within the margin.
            accept(credentials.login());
        }
        return accessToken;
    }

    /** @return {@code Bearer <token>}, the value of the {@code Authorization} header of a protected call */
    public String authorizationHeader() {
        return "Bearer " + accessToken();
    }

    /**
     * @return a client of the generated APIs that sends the token current at this call; after the
     *     session renews its token, ask for a new one
     */
    public ApiClient apiClient() {
        return client.bearerClient(accessToken());
    }

    /**
     * Introspects the session's current token ({@code GET /auth/apitoken/info}): whom it was issued to, their
     * role now, the permissions it carries now ({@code scopes}) and its times. The server checks the token
     * anew at each call, so a logout or a change of role made since shows at once.
     *
     * @return the token's details
     * @throws XiqSessionExpiredException if the token expired and the session may not log in again
     * @throws XiqAuthException if the server refuses (401 when the token was revoked, 429 when the token is
     *     over its rate limit, which this call counts against) or cannot be reached
     * @throws IllegalStateException if the session was closed
     */
    public XiqApiTokenInfo tokenInfo() {
        return client.tokenInfo(accessToken());
    }

    /**
     * Generates an API token ({@code POST /auth/apitoken}) with the session's token, which needs the
     * permission {@code token:new} (or {@code auth}) and may grant only permissions whose calls it may make itself.
     *
     * <pre>{@code
     * String apiToken = session.generateApiToken(XiqApiTokenRequest.granting("device:r")
     *         .expiringAt(Instant.now().plus(Duration.ofDays(90)))).getAccessToken();
     * }</pre>
     *
     * @param request the permissions, and optionally expiry, description and rate limit, of the new token
     * @return the new token (shown only in this answer: keep it), with what it was granted
     * @throws XiqSessionExpiredException if the session's token expired and the session may not log in again
     * @throws XiqAuthException if the server refuses (403 {@code ACCESS_DENIED} for a permission the session
     *     lacks, 400 for an expiry out of bounds, 401, 429) or cannot be reached
     * @throws IllegalStateException if the session was closed
     */
    public XiqGenerateApiTokenResponse generateApiToken(XiqApiTokenRequest request) {
        Objects.requireNonNull(request, "request");
        return client.generateApiToken(accessToken(), request);
    }

    /** @return when the token expires, by this client's clock */
    public synchronized Instant expiresAt() {
        return expiresAt;
    }

    /**
     * @return whether the token has expired, or will within the client's expiry margin (at most half
     *     the token's lifetime)
     */
    public synchronized boolean isExpired() {
        return !clock.instant().isBefore(renewAt);
    }

    /**
     * Logs out: the server revokes the token. Closing twice, or closing a session whose token expired,
     * does nothing more.
     *
     * @throws XiqAuthException if the server could not revoke the token, which may then still be valid
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (clock.instant().isBefore(expiresAt)) {
            client.logout(accessToken);
        }
        closed = true;
    }

    @Override
    public synchronized String toString() {
        return "XiqSession[expiresAt=" + expiresAt + ", closed=" + closed + "]";
    }
}
