package dev.xiqauth.server.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Tells browsers never to guess a response's media type (every response is what it says it is) and,
 * over HTTPS, to reach this server over HTTPS only from now on, so that no later request of theirs, with
 * a password or a token in it, can be sent in clear.
 */
public final class SecurityHeadersFilter implements ContainerResponseFilter {
    /** A year, as browsers' preload lists ask; without includeSubDomains, which is the domain owner's call. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        if (request.getSecurityContext().isSecure()) {
            response.getHeaders().putSingle("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }
}
