package dev.xiqauth.guard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Stands in for a container that received the request over TLS, for a request marked {@code X-Test-Secure}: it
 * sets an anonymous security context that says so, before the guard runs.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class SecureChannelFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getHeaderString("X-Test-Secure") == null) {
            return;
        }
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return null;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return null;
            }
        });
    }
}
