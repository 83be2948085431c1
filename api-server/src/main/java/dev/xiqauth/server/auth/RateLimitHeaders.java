package dev.xiqauth.server.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers XIQ
 * sends on every response to a request authenticated with a token, from the quota decision the
 * {@link BearerTokenFilter} made.
 */
public final class RateLimitHeaders implements ContainerResponseFilter {

    /**
     * @param decision the quota decision
     * @param refused whether the request was refused, which adds {@code Retry-After}
     * @return the headers
     */
    static Map<String, String> of(TokenRateLimiter.Decision decision, boolean refused) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", decision.policy().toQuota());
        headers.put("RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.put("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (refused) {
            headers.put("Retry-After", Long.toString(decision.resetSeconds()));
        }
        return headers;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(BearerTokenFilter.RATE_LIMIT_PROPERTY) instanceof TokenRateLimiter.Decision decision
                && !response.getHeaders().containsKey("RateLimit-Limit")) {
            of(decision, false).forEach(response.getHeaders()::putSingle);
        }
    }
}
