package dev.xiqauth.server.login;

import java.time.Instant;

/**
 * The clients that logged in successfully as a user lately, each as a marker (a digest of the
 * username and the client key, so neither is stored in clear) with the instant it stops being known.
 * A known client is throttled by its own failures alone ({@link LoginThrottle}), so an attacker's
 * failures against the username cannot lock it out; only knowing the password makes a client known.
 * Shared by every instance that uses the same store, like the failure counts. Implementations are
 * thread-safe.
 */
public interface KnownClientStore {

    /** @return whether the marker is remembered until after {@code now} */
    boolean isKnown(String marker, Instant now);

    /**
     * Remembers the marker until {@code until}; an expiry already later is kept, so that an instance
     * whose clock lags cannot shorten it.
     */
    void remember(String marker, Instant until);

    /** @return how many markers that expired before {@code now} were forgotten */
    int purgeExpired(Instant now);
}
