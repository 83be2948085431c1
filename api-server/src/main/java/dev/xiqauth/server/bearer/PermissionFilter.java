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
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
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
    private final String challenge;
    private final AuthMetrics metrics;

    public PermissionFilter(Set<String> required, String realm, AuthMetrics metrics) {
        this.required = Set.copyOf(required);
        // RFC 6750 section 3.1: a token without the scope the request needs gets 403 insufficient_scope, and
        // the challenge names that scope.
        this.challenge = "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\", scope=\""
                + String.join(" ", new TreeSet<>(required)) + "\"";
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AuthenticatedToken authenticated = TokenSecurityContext.authenticationOf(request.getSecurityContext());
        if (!authenticated.scopes().containsAll(required)) {
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(authenticated.scopes());
            metrics.accessDenied(OperationNames.of(request));
            throw new ApiProblem(ErrorCode.ACCESS_DENIED, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge), "token jti "
                    + authenticated.token().jti() + " of user_id " + authenticated.user().userId() + " lacks " + missing);
        }
    }
}
