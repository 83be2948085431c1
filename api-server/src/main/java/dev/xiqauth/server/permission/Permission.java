package dev.xiqauth.server.permission;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission that operations require and tokens carry.
 *
 * @param name its name, as operations and tokens spell it: lower-case letters, digits and {@code :._-}
 * @param description what it allows
 * @param category the group it belongs to
 */
public record Permission(String name, String description, String category) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9:._-]{0,63}");

    public Permission {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("permission name '" + name + "' is not 1 to 64 lower-case letters,"
                    + " digits and ':._-', starting with a letter or digit");
        }
        if (description.isBlank() || category.isBlank()) {
            throw new IllegalArgumentException("permission " + name + " needs a description and a category");
        }
    }

    /** @return whether a name is spelled as permission names are (it may still be unknown) */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
