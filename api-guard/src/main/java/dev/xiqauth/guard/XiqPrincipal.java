package dev.xiqauth.guard;

import dev.xiqauth.api.model.TokenIntrospection;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a request {@link XiqTokenGuard} let through: the user the token was issued to, as the XIQ
 * Authentication server described it when asked ({@code POST /oauth2/introspect}). It carries no token.
 *
 * <pre>{@code
 * @GET
 * public String whoami(@Context SecurityContext security) {
 *     XiqPrincipal caller = XiqPrincipal.of(security);
 *     return caller.getName() + " " + caller.role() + " " + caller.scopes();
 * }
 * }</pre>
 *
 * <p>Immutable. Its public constructor lets the tests of a guarded service make one.
 */
public final class XiqPrincipal implements Principal {
    private final String name;
    private final long userId;
    private final String role;
    private final long ownerId;
    private final String dataCenter;
    private final Set<String> scopes;
    private final Instant expiresAt;
    private final boolean apiToken;

    /**
     * @param name the username the token was issued to
     * @param userId the id of that user
     * @param role the user's role
     * @param ownerId the XIQ owner of the user's tenant; 0 for a user of no XIQ tenant
     * @param dataCenter the XIQ data center of the user's tenant; empty for a user of no XIQ tenant
     * @param scopes the permissions the token carries
     * @param expiresAt when the token expires, or null if it never does
     * @param apiToken whether the token is an API token, which holds its creator's role but may do only what
     *     its scopes allow, and so passes no role check
     */
    public XiqPrincipal(String name, long userId, String role, long ownerId, String dataCenter,
            Collection<String> scopes, Instant expiresAt, boolean apiToken) {
        this.name = Objects.requireNonNull(name, "name");
        this.userId = userId;
        this.role = Objects.requireNonNull(role, "role");
        this.ownerId = ownerId;
        this.dataCenter = Objects.requireNonNull(dataCenter, "dataCenter");
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        if (this.scopes.contains(null)) {
            throw new NullPointerException("scopes must not hold null");
        }
        this.expiresAt = expiresAt;
        this.apiToken = apiToken;
    }

    /**
     * @param active the auth server's RFC 7662 answer for an active token
     * @return the principal it describes
     * @throws IllegalArgumentException if the answer lacks what the guard relies on (username, user_id, role or
     *     scope), which the guard then does not trust
     */
    static XiqPrincipal from(TokenIntrospection active) {
        if (active == null || active.getUsername() == null || active.getUserId() == null || active.getRole() == null
                || active.getScope() == null) {
            throw new IllegalArgumentException("the introspection answer lacks username, user_id, role or scope");
        }
        List<String> scopes = active.getScope().isBlank() ? List.of() : List.of(active.getScope().strip().split(" +"));
        return new XiqPrincipal(active.getUsername(), active.getUserId(), active.getRole(),
                active.getOwnerId() == null ? 0 : active.getOwnerId(),
                active.getDataCenter() == null ? "" : active.getDataCenter(), scopes,
                active.getExp() == null ? null : Instant.ofEpochSecond(active.getExp()),
                // Fail closed: a token the server does not call a login token gets no role.
                active.getTokenUse() != TokenIntrospection.TokenUseEnum.LOGIN);
    }

    /**
     * @param security the security context of a request the guard let through ({@code @Context SecurityContext})
     * @return its caller
     * @throws IllegalStateException if the guard did not authenticate the request, which means it is not
     *     registered on the application serving it
     */
    public static XiqPrincipal of(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof XiqPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("the request was not authenticated by XiqTokenGuard");
    }

    /** @return the username the token was issued to (its {@code sub}) */
    @Override
    public String getName() {
        return name;
    }

    /** @return the id of the user */
    public long userId() {
        return userId;
    }

    /** @return the user's role when the token was checked */
    public String role() {
        return role;
    }

    /** @return the XIQ owner of the user's tenant; 0 for a user of no XIQ tenant */
    public long ownerId() {
        return ownerId;
    }

    /** @return the XIQ data center of the user's tenant; empty for a user of no XIQ tenant */
    public String dataCenter() {
        return dataCenter;
    }

    /** @return the permissions the token carries, in the server's order; unmodifiable */
    public Set<String> scopes() {
        return scopes;
    }

    /**
     * @return whether the token is an API token: it carries its creator's {@link #role()}, but may do only
     *     what its {@link #scopes()} allow, so {@code isUserInRole} is false for it and {@code @RolesAllowed}
     *     refuses it
     */
    public boolean apiToken() {
        return apiToken;
    }

    /** @return when the token expires; empty for an API token that never expires */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XiqPrincipal that && name.equals(that.name) && userId == that.userId
                && role.equals(that.role) && ownerId == that.ownerId && dataCenter.equals(that.dataCenter)
                && scopes.equals(that.scopes) && Objects.equals(expiresAt, that.expiresAt) && apiToken == that.apiToken;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, userId, role, ownerId, dataCenter, scopes, expiresAt, apiToken);
    }

    @Override
    public String toString() {
        return "XiqPrincipal[name=" + name + ", userId=" + userId + ", role=" + role + ", scopes=" + scopes
                + ", apiToken=" + apiToken + "]";
    }
}
