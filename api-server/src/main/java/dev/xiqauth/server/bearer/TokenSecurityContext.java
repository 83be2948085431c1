package dev.xiqauth.server.bearer;

import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.TokenKind;
import dev.xiqauth.server.token.VerifiedToken;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The security context of a request authenticated with a Bearer token. */
public final class TokenSecurityContext implements SecurityContext {
    private final TokenPrincipal principal;
    private final boolean secure;

    TokenSecurityContext(AuthenticatedToken authenticated, boolean secure) {
        this.principal = new TokenPrincipal(authenticated);
        this.secure = secure;
    }

    /**
     * @param context the security context of a request to an operation the contract guards
     * @return the token that authenticated it
     * @throws IllegalStateException if no token did: the operation is not guarded as the resource assumes
     */
    public static VerifiedToken tokenOf(SecurityContext context) {
        return authenticationOf(context).token();
    }

    /**
     * @param context the security context of a request to an operation the contract guards
     * @return the token that authenticated it, with its user and scopes
     * @throws IllegalStateException if no token did: the operation is not guarded as the resource assumes
     */
    public static AuthenticatedToken authenticationOf(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof TokenPrincipal principal) {
            return principal.authenticated();
        }
        throw new IllegalStateException("the request was not authenticated with a token");
    }

    @Override
    public TokenPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        // An API token carries its creator's role but only the scopes it was granted: a role check must never
        // give it what its scopes do not.
        return principal.authenticated().token().kind() == TokenKind.LOGIN
                && principal.authenticated().user().role().equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }

    /**
     * The user a token was issued to, with the token's facts.
     *
     * @param authenticated the token, its user and its scopes
     */
    public record TokenPrincipal(AuthenticatedToken authenticated) implements Principal {
        @Override
        public String getName() {
            return authenticated.user().username();
        }
    }
}
