package dev.xiqauth.guard;

import jakarta.ws.rs.core.SecurityContext;

/** The security context of a request whose Bearer token the auth server accepted. */
final class XiqSecurityContext implements SecurityContext {
    private final XiqPrincipal principal;
    private final boolean secure;

    /**
     * @param principal the caller
     * @param secure whether the request came over a secure channel, as the container said
     */
    XiqSecurityContext(XiqPrincipal principal, boolean secure) {
        this.principal = principal;
        this.secure = secure;
    }

    @Override
    public XiqPrincipal getUserPrincipal() {
        return principal;
    }

    /** @return whether {@code role} is the caller's role, as the auth server named it (case matters) */
    @Override
    public boolean isUserInRole(String role) {
        // An API token holds its creator's role but only the scopes it was granted: no role check may widen them.
        return !principal.apiToken() && principal.role().equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
