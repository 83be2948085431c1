package dev.xiqauth.guard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses, with {@code 403 ACCESS_DENIED}, a request whose token lacks one of the permissions its resource
 * method requires, or holds none of a set any one of which would do. A request the guard did not authenticate is
 * refused too: the filter never guesses. An empty set of {@code RequiresAnyPermission} allows nothing.
 */
@Priority(Priorities.AUTHORIZATION)
final class RequiredPermissionsFilter implements ContainerRequestFilter {
    private final Set<String> required;
    private final List<Set<String>> anyOf;
    private final ErrorResponses errors;

    RequiredPermissionsFilter(Set<String> required, List<Set<String>> anyOf, ErrorResponses errors) {
        this.required = Set.copyOf(required);
        this.anyOf = anyOf.stream().map(Set::copyOf).toList();
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
            return;
        }
        for (Set<String> oneOf : anyOf) {
            if (Collections.disjoint(caller.scopes(), oneOf)) {
                request.abortWith(errors.accessDenied("the token holds none of the permissions " + oneOf));
                return;
            }
        }
    }
}
