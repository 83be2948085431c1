package dev.xiqauth.server.ratelimit;

import dev.xiqauth.server.http.RequestAttribute;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers XIQ
 * sends on every response to a request authenticated with a token, from the quota decision the
 * bearer filter made ({@link #DECISION}).
 */
public final class RateLimitHeaders implements ContainerResponseFilter {
    /** The quota decision of a request authenticated with a token. */
    public static final RequestAttribute<TokenRateLimiter.Decision> DECISION = RequestAttribute.named(
            "xiq.rateLimit", TokenRateLimiter.Decision.class);

    /**
     * @param decision the quota decision
     * @param refused whether the request was refused, which adds {@code Retry-After}
     * @return the headers
     */
    public static Map<String, String> of(TokenRateLimiter.Decision decision, boolean refused) {
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
        if (!response.getHeaders().containsKey("RateLimit-Limit")) {
            DECISION.find(request).ifPresent(decision -> of(decision, false).forEach(response.getHeaders()::putSingle));
        }
    }
}
