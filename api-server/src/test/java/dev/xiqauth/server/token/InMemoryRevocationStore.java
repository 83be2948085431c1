package dev.xiqauth.server.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * Revocations held in memory: for tests only, since they are lost when the process ends. The tokens of
 * a key retired in the given key store are revoked too, as the database's are.
 */
public final class InMemoryRevocationStore implements RevocationStore {
    private final ConcurrentMap<String, Instant> expiryByJti = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Optional<SigningKeyStore> keys;

    /** Revocations beside no key store: no key is ever retired, as with a configured key. */
    public InMemoryRevocationStore(Clock clock) {
        this(clock, Optional.empty());
    }

    /** Revocations beside the given key store, whose retired keys' tokens are revoked. */
    public InMemoryRevocationStore(Clock clock, SigningKeyStore keys) {
        this(clock, Optional.of(keys));
    }

    private InMemoryRevocationStore(Clock clock, Optional<SigningKeyStore> keys) {
        this.clock = clock;
        this.keys = keys;
    }

    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        return expiryByJti.putIfAbsent(jti, expiresAt) == null;
    }

    @Override
    public boolean isRevoked(String jti, String keyId) {
        return expiryByJti.containsKey(jti) || keys.stream().flatMap(store -> store.list().stream())
                .anyMatch(key -> key.retired() && key.key().keyId().equals(keyId));
    }

    @Override
    public void forEachKept(BiConsumer<String, Instant> revocation) {
        expiryByJti.forEach(revocation);
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
