package dev.xiqauth.server.permission;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A role a user has. What it grants is not part of it: the catalogue's endpoints name the roles that may make
 * them, and a role holds a permission when it may make every call the permission allows.
 *
 * @param name its name, as users' records and the {@code role} claim spell it: XIQ's {@code ADMINISTRATOR},
 *     {@code HELP_DESK}...
 * @param displayName how people write it ({@code Help Desk}), accepted wherever a role is named
 * @param description what it is for
 */
public record Role(String name, String displayName, String description) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern DISPLAY_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 _-]{0,63}");

    public Role {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("role name '" + name
                    + "' is not 1 to 64 letters, digits, '_' and '-', starting with a letter");
        }
        if (!DISPLAY_NAME.matcher(displayName).matches()) {
            throw new IllegalArgumentException("the display name of role " + name
                    + " is not 1 to 64 letters, digits, spaces, '_' and '-', starting with a letter");
        }
    }
}
