package dev.xiqauth.server.user;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where users are kept. Usernames are unique without regard to case. Implementations are
 * thread-safe; those backed by a database throw
 * {@link dev.xiqauth.server.error.StoreUnavailableException} while it cannot be reached.
 */
public interface UserDirectory {

    /** @return the user whose name equals this one without regard to case */
    Optional<User> findByUsername(String username);

    /** @return the user with this id */
    Optional<User> findById(long userId);

    /**
     * Adds an enabled user with the next free id.
     *
     * @throws DuplicateUserException if the name is taken, in any case
     */
    User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant);

    /** @return whether no user exists yet, so that a first one must be created */
    boolean isEmpty();

    /** @return every user, by id */
    List<User> list();

    /**
     * Counts the stored password hashes by the parameters they were made with, which hashes keep until
     * their user's next successful login: what a failed login for an existing user costs.
     *
     * @return for each parameter string (an encoded hash without its salt and digest, that is without its
     *     last two {@code $}-separated fields: {@code $argon2id$v=19$m=19456,t=2,p=1}), how many hashes have it
     */
    Map<String, Long> hashParameterCounts();

    /**
     * Sets a new password and refuses every token issued before {@code invalidateBefore}.
     *
     * @return whether the user exists
     */
    boolean changePassword(String username, String passwordHash, Instant invalidateBefore);

    /**
     * Enables or disables a user; disabling also refuses every token issued before
     * {@code invalidateBefore}.
     *
     * @return whether the user exists
     */
    boolean setEnabled(String username, boolean enabled, Instant invalidateBefore);

    /** @return whether the user existed */
    boolean remove(String username);

    /**
     * Replaces a hash made with weaker parameters, unless the password changed meanwhile. Tokens stay
     * valid: the password is the same.
     *
     * @return whether the hash was replaced
     */
    boolean upgradeHash(long userId, String currentHash, String strongerHash);
}
