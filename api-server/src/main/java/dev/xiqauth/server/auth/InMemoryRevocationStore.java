package dev.xiqauth.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Revocations held in memory. Fit for one instance whose revocations may be lost on restart: for
 * tests and development. Entries whose token has expired are dropped by {@link #purgeExpired()}, so
 * the map holds only revocations that still matter.
 */
public final class InMemoryRevocationStore implements RevocationStore {
    private final ConcurrentMap<String, Instant> expiryByJti = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryRevocationStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        return expiryByJti.putIfAbsent(jti, expiresAt) == null;
    }

    @Override
    public boolean isRevoked(String jti) {
        return expiryByJti.containsKey(jti);
    }

    /**
     * Forgets the revocations of tokens that have expired; their tokens are refused as expired.
     *
     * @return how many were forgotten
     */
    public int purgeExpired() {
        Instant now = clock.instant();
        int before = expiryByJti.size();
        expiryByJti.values().removeIf(expiresAt -> expiresAt.isBefore(now));
        return before - expiryByJti.size();
    }

    /** @return how many revocations are held */
    public int size() {
        return expiryByJti.size();
    }
}
