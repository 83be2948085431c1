package dev.xiqauth.server.user;

import java.util.Optional;

/** Where users are kept. Implementations are thread-safe. */
public interface UserDirectory {

    /**
     * @param username the login name, in any case
     * @return the user whose name equals it without regard to case
     */
    Optional<User> findByUsername(String username);

    /**
     * Adds a user with the next free id.
     *
     * @throws IllegalStateException if the name is taken, in any case
     */
    User add(String username, String passwordHash, String role);

    /** @return whether no user exists yet, so that a first one must be created */
    boolean isEmpty();
}
