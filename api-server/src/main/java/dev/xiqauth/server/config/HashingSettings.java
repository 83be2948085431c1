package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import dev.xiqauth.server.user.Argon2Parameters;
import java.util.Objects;

/**
 * The cost of password hashes, and how many are computed and may wait at once.
 *
 * @param argon2 the cost of one hash
 * @param concurrency password hashes computed at once
 * @param queue logins allowed to wait for a hash; more are answered 503 at once
 */
public record HashingSettings(Argon2Parameters argon2, int concurrency, int queue) {

    public HashingSettings {
        Objects.requireNonNull(argon2, "argon2");
        require(concurrency >= 1, "--hash-concurrency must be at least 1, got " + concurrency);
        require(queue >= 0, "--hash-queue must be at least 0, got " + queue);
    }

    /**
     * @return OWASP's Argon2id minimum, one hash per core at once, as many waiting: an accepted login then
     *     waits for one hash at most before its own, and a slot that frees finds the next login ready
     */
    public static HashingSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new HashingSettings(Argon2Parameters.OWASP_MINIMUM, cores, cores);
    }

    /** @return these settings with the given concurrency and queue */
    public HashingSettings withBounds(int newConcurrency, int newQueue) {
        return new HashingSettings(argon2, newConcurrency, newQueue);
    }
}
