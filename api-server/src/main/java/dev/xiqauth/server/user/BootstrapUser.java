package dev.xiqauth.server.user;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a fresh installation can be logged in to: when no user exists, it creates one, from
 * {@code XIQ_AUTH_BOOTSTRAP_USERNAME} and {@code XIQ_AUTH_BOOTSTRAP_PASSWORD} when both are set, else
 * {@code admin} with a random password that is printed once on the console, never to the log.
 */
public final class BootstrapUser {
    public static final String DEFAULT_USERNAME = "admin";
    public static final String ROLE = "ADMINISTRATOR";

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapUser.class);

    private final UserDirectory users;
    private final PasswordHasher hasher;
    private final SecureRandom random;
    private final PrintStream console;

    public BootstrapUser(UserDirectory users, PasswordHasher hasher, SecureRandom random, PrintStream console) {
        this.users = users;
        this.hasher = hasher;
        this.random = random;
        this.console = console;
    }

    /**
     * @param username the configured username, if any
     * @param password the configured password, if any
     * @return the user created, if the directory was empty; empty too when another instance on the same store
     *     created the user between the look and the insert
     */
    public Optional<User> ensureOneUser(Optional<String> username, Optional<String> password) {
        if (!users.isEmpty()) {
            if (username.isPresent() || password.isPresent()) {
                // Else a changed password there leads to a 401 with no hint: they only ever create the first user.
                LOG.warn("XIQ_AUTH_BOOTSTRAP_USERNAME and XIQ_AUTH_BOOTSTRAP_PASSWORD are ignored: they only create "
                        + "the first user of an empty store, and this one has users; change users with the 'users' "
                        + "commands (users add, users passwd)");
            }
            return Optional.empty();
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(
                    "set both XIQ_AUTH_BOOTSTRAP_USERNAME and XIQ_AUTH_BOOTSTRAP_PASSWORD, or neither");
        }
        String name = Usernames.normalised(username.orElse(DEFAULT_USERNAME));
        String secret = password.orElseGet(this::randomPassword);
        User user;
        try {
            user = users.add(name, hasher.hash(secret), ROLE, Optional.empty());
        } catch (DuplicateUserException madeMeanwhile) {
            // Instances started together on one empty shared store all find it empty; one of them makes the user.
            LOG.info("the first user '{}' was created meanwhile by another instance on this store", name);
            return Optional.empty();
        }
        LOG.info("created the first user '{}' (user_id {})", name, user.userId());
        if (password.isEmpty()) {
            console.println("Created the first user '" + name + "' with the password: " + secret);
            console.println("It is shown only this once. Set XIQ_AUTH_BOOTSTRAP_USERNAME and "
                    + "XIQ_AUTH_BOOTSTRAP_PASSWORD to choose them instead.");
            console.flush();
        }
        return Optional.of(user);
    }

    private String randomPassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
