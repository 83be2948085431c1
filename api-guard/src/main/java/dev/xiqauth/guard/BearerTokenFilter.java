package dev.xiqauth.guard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Authenticates every request of the guarded application before it is matched to a resource, so that an
 * unknown path is refused like a known one and tells a caller without a token nothing: it reads the Bearer
 * token (RFC 6750 section 2.1), has it introspected, and on success sets an {@link XiqSecurityContext}. Any
 * other outcome aborts the request with the guard's answer; nothing lets a request through unchecked.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class BearerTokenFilter implements ContainerRequestFilter {
    private final TokenIntrospector introspection;
    private final ErrorResponses errors;

    BearerTokenFilter(TokenIntrospector introspection, ErrorResponses errors) {
        this.introspection = introspection;
        this.errors = errors;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        PresentedCredentials credentials = PresentedCredentials.of(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        switch (credentials.kind()) {
            case NONE -> request.abortWith(errors.unauthenticated("no Bearer credentials"));
            case AMBIGUOUS -> request.abortWith(errors.invalidRequest("more than one credential"));
            case MALFORMED_TOKEN -> request.abortWith(errors.invalidToken("the Bearer token is malformed"));
            case TOKEN -> authenticate(request, credentials.token());
            default -> throw new IllegalStateException("unknown credentials " + credentials.kind());
        }
    }

    private void authenticate(ContainerRequestContext request, String token) {
        Introspection answer = introspection.introspect(token);
        if (answer instanceof Introspection.Valid valid) {
            boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
            request.setSecurityContext(new XiqSecurityContext(valid.principal(), secure));
        } else if (answer instanceof Introspection.Refused refused) {
            request.abortWith(errors.invalidToken(refused.reason()));
        } else if (answer instanceof Introspection.Unavailable unavailable) {
            request.abortWith(errors.unavailable(unavailable.retryAfter(), unavailable.reason()));
        } else {
            request.abortWith(errors.unavailable(RemoteTokenIntrospection.DEFAULT_RETRY_AFTER,
                    "an introspection answer the guard does not know"));
        }
    }
}
