package dev.xiqauth.server.bearer;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.contract.OperationNames;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.ratelimit.RateLimitHeaders;
import dev.xiqauth.server.ratelimit.TokenRateLimiter;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.TokenAuthenticator;
import dev.xiqauth.server.token.VerifiedToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * Authenticates a request to an operation the contract guards with the {@code Bearer} scheme: it
 * reads the token from the {@code Authorization} header (RFC 6750 section 2.1), has
 * {@link TokenAuthenticator} check it, and sets a {@link TokenSecurityContext}.
 * {@link ContractSecurityFeature} decides which operations it guards.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    private static final String SCHEME = "bearer";

    private final TokenAuthenticator authenticator;
    private final TokenRateLimiter rateLimiter;
    private final String realm;
    private final AuthMetrics metrics;
    private final boolean countsQuota;

    public BearerTokenFilter(TokenAuthenticator authenticator, TokenRateLimiter rateLimiter, String realm,
            AuthMetrics metrics) {
        this(authenticator, rateLimiter, realm, metrics, true);
    }

    private BearerTokenFilter(TokenAuthenticator authenticator, TokenRateLimiter rateLimiter, String realm,
            AuthMetrics metrics, boolean countsQuota) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.realm = realm;
        this.metrics = metrics;
        this.countsQuota = countsQuota;
    }

    /**
     * @return the same filter for an operation that does not count against quotas: its requests are
     *     authenticated alike, never counted nor refused for the quota, and carry no {@code RateLimit-*} headers
     */
    public BearerTokenFilter withoutQuota() {
        return new BearerTokenFilter(authenticator, rateLimiter, realm, metrics, false);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isEmpty() || authorization.get(0).isBlank()) {
            metrics.tokenChecked("missing");
            throw BearerChallenges.missing(realm, "no Authorization header");
        }
        if (authorization.size() > 1) {
            throw BearerChallenges.invalidRequest(realm, "more than one Authorization header");
        }
        String credentials = authorization.get(0).strip();
        if (credentials.indexOf(',') >= 0) {
            // A token never holds a comma (RFC 6750 b64token): this is two credentials folded into one header.
            throw BearerChallenges.invalidRequest(realm, "more than one credential in the Authorization header");
        }
        int space = credentials.indexOf(' ');
        String scheme = space < 0 ? credentials : credentials.substring(0, space);
        if (!SCHEME.equals(scheme.toLowerCase(Locale.ROOT))) {
            metrics.tokenChecked("missing");
            throw BearerChallenges.missing(realm, "Authorization header without the Bearer scheme");
        }
        String token = space < 0 ? "" : credentials.substring(space + 1).strip();
        if (token.isEmpty()) {
            metrics.tokenChecked("invalid");
            throw new InvalidTokenException(realm, "invalid token: Bearer scheme without a token");
        }
        AuthenticatedToken authenticated = authenticator.authenticate(token);
        VerifiedToken verified = authenticated.token();
        if (!countsQuota) {
            request.setSecurityContext(new TokenSecurityContext(authenticated, request.getSecurityContext().isSecure()));
            return;
        }
        TokenRateLimiter.Decision quota = rateLimiter.consume(verified.jti(), verified.quota());
        if (!quota.allowed()) {
            metrics.throttled(OperationNames.of(request), "token_quota");
            throw new ApiProblem(ErrorCode.RATE_LIMITED, RateLimitHeaders.of(quota, true),
                    "token over its quota, jti " + verified.jti());
        }
        RateLimitHeaders.DECISION.set(request, quota);
        request.setSecurityContext(new TokenSecurityContext(authenticated, request.getSecurityContext().isSecure()));
    }
}
