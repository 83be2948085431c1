package dev.xiqauth.server.bearer;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.contract.OperationNames;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.TokenKind;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses, with {@code 403 ACCESS_DENIED}, a request whose token may not make its operation, after
 * {@link BearerTokenFilter} authenticated it and before the resource runs, as XIQ decides: a login token by its
 * user's role (one of the roles the catalogue lists for the call), an API token by its permissions (any one of
 * those the operation's {@code x-xiq-permissions} declare). {@link ContractSecurityFeature} puts one in front of
 * each operation that declares permissions.
 */
@Priority(Priorities.AUTHORIZATION)
public final class PermissionFilter implements ContainerRequestFilter {
    private final Set<String> anyOf;
    private final Set<String> roles;
    private final String challenge;
    private final AuthMetrics metrics;

    /**
     * @param anyOf the permissions any one of which allows an API token to make the operation
     * @param roles the roles whose login tokens may make it
     * @param realm the realm of the challenge
     * @param metrics where refusals are counted
     */
    public PermissionFilter(Set<String> anyOf, Set<String> roles, String realm, AuthMetrics metrics) {
        this.anyOf = Set.copyOf(anyOf);
        this.roles = Set.copyOf(roles);
        // RFC 6750 section 3.1: a token without the scope the request needs gets 403 insufficient_scope, and
        // the challenge names the scopes that would do (any one of them, here).
        this.challenge = "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\", scope=\""
                + String.join(" ", new TreeSet<>(anyOf)) + "\"";
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AuthenticatedToken authenticated = TokenSecurityContext.authenticationOf(request.getSecurityContext());
        boolean allowed = authenticated.token().kind() == TokenKind.LOGIN
                ? roles.contains(authenticated.user().role())
                : !Collections.disjoint(authenticated.scopes(), anyOf);
        if (!allowed) {
            metrics.accessDenied(OperationNames.of(request));
            throw new ApiProblem(ErrorCode.ACCESS_DENIED, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge), "token jti "
                    + authenticated.token().jti() + " of user_id " + authenticated.user().userId() + " ("
                    + authenticated.token().kind() + " token, role " + authenticated.user().role() + ") holds none of "
                    + new TreeSet<>(anyOf) + (authenticated.token().kind() == TokenKind.LOGIN
                            ? " by a role of " + new TreeSet<>(roles) : ""));
        }
    }
}
