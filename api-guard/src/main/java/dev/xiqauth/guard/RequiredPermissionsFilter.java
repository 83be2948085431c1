package dev.xiqauth.guard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Refuses, with {@code 403 ACCESS_DENIED}, a request whose token lacks one of the permissions its resource
 * method requires. A request the guard did not authenticate is refused too: the filter never guesses.
 */
@Priority(Priorities.AUTHORIZATION)
final class RequiredPermissionsFilter implements ContainerRequestFilter {
    private final Set<String> required;
    private final ErrorResponses errors;

    RequiredPermissionsFilter(Set<String> required, ErrorResponses errors) {
        this.required = Set.copyOf(required);
        this.errors = errors;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext() == null
                || !(request.getSecurityContext().getUserPrincipal() instanceof XiqPrincipal caller)) {
            request.abortWith(errors.accessDenied("the request was not authenticated by the guard"));
            return;
        }
        if (!caller.scopes().containsAll(required)) {
            Set<String> missing = new LinkedHashSet<>(required);
            missing.removeAll(caller.scopes());
            request.abortWith(errors.accessDenied("the token lacks the permissions " + missing));
        }
    }
}
