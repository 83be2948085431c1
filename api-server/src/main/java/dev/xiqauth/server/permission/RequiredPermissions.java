package dev.xiqauth.server.permission;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a request requires, as {@code checkPermissions} answers.
 *
 * @param permissions the permissions it requires, sorted; empty when any valid token, or none, may make it
 * @param roles the roles that grant all of them, sorted
 */
public record RequiredPermissions(Set<String> permissions, List<String> roles) {

    public RequiredPermissions {
        permissions = Set.copyOf(new TreeSet<>(permissions));
        roles = List.copyOf(roles);
    }

    /** @return its permissions in name order */
    public List<String> sortedPermissions() {
        return List.copyOf(new TreeSet<>(permissions));
    }
}
