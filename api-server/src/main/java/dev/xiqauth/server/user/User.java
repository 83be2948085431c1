package dev.xiqauth.server.user;

import java.util.Objects;
import java.util.Optional;

/**
 * A user who can log in.
 *
 * @param userId the stable numeric id, issued as the {@code user_id} claim
 * @param username the login name, unique without regard to case, issued as the {@code sub} claim
 * @param passwordHash the encoded Argon2id hash of the password, with its parameters
 * @param role the role issued as the {@code role} claim
 * @param tenant the XIQ tenant attributes issued as claims, when the user has them
 * @param enabled whether the user may log in
 */
public record User(long userId, String username, String passwordHash, String role, Optional<TenantAttributes> tenant,
        boolean enabled) {

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tenant, "tenant");
        if (username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
    }
}
