package dev.xiqauth.server.permission;

import java.util.Comparator;
import java.util.List;

/**
 * What a call requires, as {@code checkPermissions} answers.
 *
 * @param permissions the permissions any one of which allows it to an API token, by name
 * @param roles the roles that may make it, in the catalogue's order
 */
public record RequiredPermissions(List<Permission> permissions, List<String> roles) {

    public RequiredPermissions {
        permissions = permissions.stream().sorted(Comparator.comparing(Permission::name)).toList();
        roles = List.copyOf(roles);
    }
}
