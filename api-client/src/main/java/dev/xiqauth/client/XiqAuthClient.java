package dev.xiqauth.client;

import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqGenerateApiTokenResponse;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqLoginResponse;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.client.api.AuthorizationApi;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The entry point of the XIQ Authentication API for Java applications: log in, get a
 * {@link XiqSession} carrying the access token, and log out when done.
 *
 * <pre>{@code
 * try (XiqAuthClient xiq = XiqAuthClient.create(URI.create("http://localhost:8081"));
 *      XiqSession session = xiq.login("jane.doe@example.com", password)) {
 *     String authorization = session.authorizationHeader();   // "Bearer eyJ..."
 *     // ... call the protected APIs with it, or with session.apiClient()
 * } catch (XiqAuthException e) {
 *     // e.status() is the HTTP status; e.error() the server's XiqError, with its error_id
 * }
 * }</pre>
 *
 * <p>One client holds one pool of HTTP connections, reused by every session it opens; it is safe
 * for concurrent use. Close it when the application stops.
 */
public final class XiqAuthClient implements AutoCloseable {
    private final ApiClient api;
    private final AuthenticationApi authentication;
    private final AuthorizationApi authorization;
    private final boolean reauthenticate;
    private final Duration expiryMargin;
    private final Clock clock;

    private XiqAuthClient(Builder builder) {
        this.api = new TextBodyApiClient()
                .setBasePath(builder.baseUri.toString().replaceAll("/+$", ""))
                .setConnectTimeout(Math.toIntExact(builder.connectTimeout.toMillis()))
                .setReadTimeout(Math.toIntExact(builder.readTimeout.toMillis()));
        this.authentication = new AuthenticationApi(api);
        this.authorization = new AuthorizationApi(api);
        this.reauthenticate = builder.reauthenticate;
        this.expiryMargin = builder.expiryMargin;
        this.clock = builder.clock;
    }

    /**
     * @param baseUri where the server is, for example {@code http://localhost:8081}
     * @return a client with the default timeouts (5 s to connect, 30 s to read)
     */
    public static XiqAuthClient create(URI baseUri) {
        return builder(baseUri).build();
    }

    /**
     * @param baseUri where the server is
     * @return a builder, to set timeouts and re-authentication
     */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /**
     * Logs in.
     *
     * @param username the login name
     * @param password the password
     * @return the session, carrying a new access token
     * @throws XiqAuthException if the server refuses (401 for wrong credentials, 429 when throttled)
     *     or cannot be reached
     */
    public XiqSession login(String username, String password) {
        return login(username, password, null);
    }

    /**
     * Logs in, asking for a rate limit on the token.
     *
     * @param username the login name
     * @param password the password
     * @param rateLimit the requests per hour (and per second) the token may make, or null for the server's default
     * @return the session, carrying a new access token
     * @throws XiqAuthException if the server refuses or cannot be reached
     */
    public XiqSession login(String username, String password, XiqRateLimitPolicy rateLimit) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        XiqSession.Credentials credentials = () -> issue(username, password, rateLimit);
        return new XiqSession(this, credentials.login(), reauthenticate ? credentials : null, expiryMargin, clock);
    }

    private XiqLoginResponse issue(String username, String password, XiqRateLimitPolicy rateLimit) {
        return call("login", () -> authentication.login(new XiqLoginRequest(username, password).rateLimit(rateLimit)));
    }

    /**
     * Asks the server whether a token is a valid, unrevoked token of its own ({@code POST /auth/apitoken/:validate},
     * which needs no credentials). The server says only yes or no, never why; to learn whom a token belongs to
     * and what it may do, introspect it with {@link XiqSession#tokenInfo()} or the guard of {@code api-guard}.
     *
     * @param token the token, without the {@code Bearer} prefix
     * @return true if the server accepts the token (200), false if it refuses it (401); an empty token is
     *     refused without asking
     * @throws XiqAuthException for every other answer (429 when this client's address validates too often,
     *     503 when the server cannot check now...) or when the server cannot be reached: whether the token is
     *     valid is then unknown
     */
    public boolean validate(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            return false;
        }
        try {
            authorization.validateApiToken(token);
            return true;
        } catch (ApiException failure) {
            if (failure.getCode() == 401) {
                return false;
            }
            throw XiqAuthException.of("validate", failure);
        } catch (ProcessingException unanswered) {
            throw XiqAuthException.unanswered("validate", unanswered);
        }
    }

    /** Introspects a token: {@code GET /auth/apitoken/info} presenting it. */
    XiqApiTokenInfo tokenInfo(String accessToken) {
        AuthorizationApi withToken = new AuthorizationApi(bearerClient(accessToken));
        return call("tokenInfo", withToken::getCurrentApiTokenInfo);
    }

    /** Generates an API token: {@code POST /auth/apitoken} with the token of the session asking. */
    XiqGenerateApiTokenResponse generateApiToken(String accessToken, XiqApiTokenRequest request) {
        AuthorizationApi withToken = new AuthorizationApi(bearerClient(accessToken));
        return call("generateApiToken", () -> withToken.generateApiToken(request.toModel()));
    }

    /** Makes a call of the generated API, turning each of its failures into a {@link XiqAuthException}. */
    private static <T> T call(String operation, Call<T> call) {
        try {
            return call.run();
        } catch (ApiException failure) {
            throw XiqAuthException.of(operation, failure);
        } catch (ProcessingException unanswered) {
            throw XiqAuthException.unanswered(operation, unanswered);
        }
    }

    /** A call of the generated API. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws ApiException;
    }

    /** Revokes a token; a token the server already refuses counts as logged out. */
    void logout(String accessToken) {
        ApiClient withToken = bearerClient(accessToken);
        try {
            new AuthenticationApi(withToken).logout();
        } catch (ApiException failure) {
            if (failure.getCode() != 401) {
                throw XiqAuthException.of("logout", failure);
            }
        } catch (ProcessingException unanswered) {
            throw XiqAuthException.unanswered("logout", unanswered);
        }
    }

    /** @return a generated-API client on this client's connections, sending the token */
    ApiClient bearerClient(String accessToken) {
        ApiClient client = new TextBodyApiClient().setHttpClient(api.getHttpClient()).setBasePath(api.getBasePath());
        client.setBearerToken(accessToken);
        return client;
    }

    /** Closes the connections. Sessions opened by this client can no longer log out afterwards. */
    @Override
    public void close() {
        api.getHttpClient().close();
    }

    /** Settings of a {@link XiqAuthClient}. */
    public static final class Builder {
        private final URI baseUri;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private boolean reauthenticate;
        private Duration expiryMargin = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            if (!baseUri.isAbsolute() || !("http".equals(baseUri.getScheme()) || "https".equals(baseUri.getScheme()))) {
                throw new IllegalArgumentException("the server's URI must be an absolute http(s) URI, got " + baseUri);
            }
            this.baseUri = baseUri;
        }

        /** How long to wait for a connection; 5 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long to wait for an answer; 30 s by default (a login may wait its turn at password hashing). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Whether sessions log in again by themselves when their token is about to expire. This keeps
         * the password in memory for the session's life; off by default, when an expired session
         * throws {@link XiqSessionExpiredException}.
         */
        public Builder reauthenticate(boolean reauthenticate) {
            this.reauthenticate = reauthenticate;
            return this;
        }

        /**
         * How long before its expiry a token counts as expired, for the clocks' skew and the call's
         * time; 30 s by default.
         */
        public Builder expiryMargin(Duration margin) {
            if (margin.isNegative()) {
                throw new IllegalArgumentException("expiryMargin must not be negative");
            }
            this.expiryMargin = margin;
            return this;
        }

        /** The clock that decides expiry; the system's by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the client, with its own pool of connections */
        public XiqAuthClient build() {
            return new XiqAuthClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
