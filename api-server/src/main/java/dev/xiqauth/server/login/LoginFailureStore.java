package dev.xiqauth.server.login;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Failed logins per throttling key. Shared by every instance that uses the same store, so that an
 * attacker cannot spread guesses over the instances behind a load balancer. Implementations are
 * thread-safe.
 */
public interface LoginFailureStore {

    /** @return the counts of those keys that have one */
    Map<String, FailureCount> counts(Collection<String> keys);

    /**
     * Counts one more failure for each key; a count whose last failure is older than
     * {@code resetBefore} starts again at one.
     */
    void recordFailure(Collection<String> keys, Instant at, Instant resetBefore);

    /** Forgets the count of a key, after a successful login. */
    void reset(String key);

    /** @return how many counts whose last failure is before {@code before} were forgotten */
    int purgeOlderThan(Instant before);
}
