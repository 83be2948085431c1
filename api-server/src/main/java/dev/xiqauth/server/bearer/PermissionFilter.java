package dev.xiqauth.server.bearer;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.contract.OperationNames;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.token.AuthenticatedToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses, with {@code 403 ACCESS_DENIED}, a request whose token lacks a permission its operation
 * requires (the operation's {@code x-xiq-permissions}), after {@link BearerTokenFilter} authenticated it
 * and before the resource runs. {@link ContractSecurityFeature} puts one in front of each operation that
 * requires permissions.
 */
@Priority(Priorities.AUTHORIZATION)
public final class PermissionFilter implements ContainerRequestFilter {
    private final Set<String> required;
    private final AuthMetrics metrics;

    public PermissionFilter(Set<String> required, AuthMetrics metrics) {
        this.required = Set.copyOf(required);
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AuthenticatedToken authenticated = TokenSecurityContext.authenticationOf(request.getSecurityContext());
        if (!authenticated.scopes().containsAll(required)) {
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(authenticated.scopes());
            metrics.accessDenied(OperationNames.of(request));
            throw new ApiProblem(ErrorCode.ACCESS_DENIED, "token jti " + authenticated.token().jti() + " of user_id "
                    + authenticated.user().userId() + " lacks " + missing);
        }
    }
}
