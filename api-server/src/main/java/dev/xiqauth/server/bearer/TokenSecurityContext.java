package dev.xiqauth.server.bearer;

import dev.xiqauth.server.token.VerifiedToken;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The security context of a request authenticated with a Bearer token. */
public final class TokenSecurityContext implements SecurityContext {
    private final TokenPrincipal principal;
    private final boolean secure;

    TokenSecurityContext(VerifiedToken token, boolean secure) {
        this.principal = new TokenPrincipal(token);
        this.secure = secure;
    }

    /**
     * @param context the security context of a request to an operation the contract guards
     * @return the token that authenticated it
     * @throws IllegalStateException if no token did: the operation is not guarded as the resource assumes
     */
    public static VerifiedToken tokenOf(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof TokenPrincipal principal) {
            return principal.token();
        }
        throw new IllegalStateException("the request was not authenticated with a token");
    }

    @Override
    public TokenPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
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
     * @param token the verified token
     */
    public record TokenPrincipal(VerifiedToken token) implements Principal {
        @Override
        public String getName() {
            return token.subject();
        }
    }
}
