package dev.xiqauth.server.auth;

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
