package dev.xiqauth.server.token;

import java.util.Set;

/** The permissions a role grants now: the scopes of its users' login tokens, and the bound of their API tokens. */
@FunctionalInterface
public interface RoleScopes {
    /** @return the permissions of the role; none for a role nobody defined */
    Set<String> of(String role);
}
