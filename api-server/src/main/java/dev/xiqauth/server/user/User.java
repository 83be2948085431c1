package dev.xiqauth.server.user;

import java.time.Instant;
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
 * @param tokensValidAfter tokens issued before this instant are refused: moved forward when the
 *     password changes or the user is disabled, so that existing tokens die at once
 * @param tokenGeneration the generation of the user's credentials: moved on by the same changes, in the same
 *     transaction. Every token carries the generation it was issued at and is refused once it moved on, so that
 *     a token issued while a change runs can never outlive it, whatever its {@code iat}
 */
public record User(long userId, String username, String passwordHash, String role, Optional<TenantAttributes> tenant,
        boolean enabled, Instant tokensValidAfter, long tokenGeneration) {

    /** A user whose credentials never changed: generation 0. */
    public User(long userId, String username, String passwordHash, String role, Optional<TenantAttributes> tenant,
            boolean enabled, Instant tokensValidAfter) {
        this(userId, username, passwordHash, role, tenant, enabled, tokensValidAfter, 0);
    }

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tokensValidAfter, "tokensValidAfter");
        if (tokenGeneration < 0) {
            throw new IllegalArgumentException("tokenGeneration must not be negative");
        }
        if (username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
    }

    @Override
    public String toString() {
        return "User[userId=" + userId + ", username=" + username + ", role=" + role + ", enabled=" + enabled + "]";
    }
}
