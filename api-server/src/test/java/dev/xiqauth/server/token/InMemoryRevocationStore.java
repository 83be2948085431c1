package dev.xiqauth.server.token;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Revocations held in memory: for tests only, since they are lost when the process ends.
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

    @Override
    public int purgeExpired() {
        Instant forgetBefore = clock.instant().minus(PURGE_MARGIN);
        int before = expiryByJti.size();
        expiryByJti.values().removeIf(expiresAt -> expiresAt.isBefore(forgetBefore));
        return before - expiryByJti.size();
    }

    /** @return how many revocations are held */
    public int size() {
        return expiryByJti.size();
    }
}
