package dev.xiqauth.server.permission;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A role a user has, and the permissions it grants.
 *
 * @param name its name, as users' records and the {@code role} claim spell it
 * @param description what it is for
 * @param permissions the names of the permissions it grants, sorted
 */
public record Role(String name, String description, Set<String> permissions) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public Role {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("role name '" + name
                    + "' is not 1 to 64 letters, digits, '_' and '-', starting with a letter");
        }
        permissions = Set.copyOf(new TreeSet<>(Objects.requireNonNull(permissions, "permissions")));
    }

    /** @return its permissions in name order */
    public Set<String> sortedPermissions() {
        return new TreeSet<>(permissions);
    }
}
