package dev.xiqauth.client;

import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqLoginResponse;
import dev.xiqauth.client.api.AuthenticationApi;
import java.time.Duration;
import java.util.Objects;

/**
 * A logged-in session: it logs in, carries the access token on the {@link ApiClient} it was opened
 * with, and logs out (revoking the token) when closed.
 *
 * <pre>{@code
 * ApiClient client = new ApiClient();
 * client.setBasePath("http://localhost:8081");
 * try (XiqAuthSession session = XiqAuthSession.login(client, "jane.doe@example.com", password)) {
 *     // every API made from client now sends "Authorization: Bearer <token>"
 * }
 * }</pre>
 *
 * <p>The token is set on the given client, so open one session per client.
 */
public final class XiqAuthSession implements AutoCloseable {
    private final ApiClient client;
    private final String accessToken;
    private final Duration expiresIn;
    private boolean closed;

    private XiqAuthSession(ApiClient client, XiqLoginResponse login) {
        this.client = client;
        this.accessToken = login.getAccessToken();
        this.expiresIn = Duration.ofSeconds(login.getExpiresIn());
        client.setBearerToken(accessToken);
    }

    /**
     * Logs in.
     *
     * @param client the client to carry the token from now on
     * @param username the login name
     * @param password the password
     * @return the session
     * @throws ApiException if the login is refused; {@link XiqErrors#of} gives the server's error
     */
    public static XiqAuthSession login(ApiClient client, String username, String password) throws ApiException {
        Objects.requireNonNull(client, "client");
        XiqLoginResponse response = new AuthenticationApi(client).login(new XiqLoginRequest(username, password));
        return new XiqAuthSession(client, response);
    }

    /** @return the access token, to pass to other clients of the same server */
    public String accessToken() {
        return accessToken;
    }

    /** @return how long the token was valid for when it was issued */
    public Duration expiresIn() {
        return expiresIn;
    }

    /**
     * Logs out: the server revokes the token, and the client stops sending it. A token the server
     * already refuses (revoked or expired) counts as logged out.
     *
     * @throws ApiException if the server could not revoke the token, so it may still be valid
     */
    @Override
    public void close() throws ApiException {
        if (closed) {
            return;
        }
        try {
            // Another session may have put its token on the shared client since: revoke this one's.
            client.setBearerToken(accessToken);
            new AuthenticationApi(client).logout();
        } catch (ApiException failure) {
            if (failure.getCode() != 401) {
                throw failure;
            }
        }
        closed = true;
        client.setBearerToken(null);
    }

    @Override
    public String toString() {
        return "XiqAuthSession[expiresIn=" + expiresIn + "]";
    }
}
